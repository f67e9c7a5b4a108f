// GET /metrics: Prometheus text format 0.0.4, gathered anew at every scrape.
import { formatMetrics, METRICS_CONTENT_TYPE } from './metrics.js';
import { collectMetrics } from './collect-metrics.js';
import type { Handler } from './route.js';

export const serveMetrics: Handler = async (_req, res, ctx) => {
  const text = formatMetrics(await collectMetrics(ctx.config, new Date(ctx.now())));
  res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
};
