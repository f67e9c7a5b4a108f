// GET /api/activity?camera=&start=&end=&step=: bytes per second of the camera's footage in each
// `step` ms (at least 1000) from start, null where there is none; from the fragment sizes, no decoding.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { footageActivity } from './footage-media.js';
import { FRAGMENT_TABLES } from './fragment-table.js';
import { queryCamera, queryRange, required } from './query.js';
import { HttpError, sendJson, type WebContext } from './route.js';

export const MAX_ACTIVITY_RANGE_MS = 32 * 86_400_000;
export const MIN_STEP_MS = 1000;
export const MAX_BUCKETS = 100_000; // a day by the second is 86 400

export async function serveActivity(_req: IncomingMessage, res: ServerResponse, ctx: WebContext, url: URL): Promise<void> {
  const camera = queryCamera(ctx, url);
  const { start, end } = queryRange(ctx, url, MAX_ACTIVITY_RANGE_MS);
  const step = queryStep(url);
  if (Math.ceil((end - start) / step) > MAX_BUCKETS) throw new HttpError(400, `step: ${step} ms makes more than ${MAX_BUCKETS} values from start to end: give a larger step`);
  const values = await footageActivity(camera, start, end, step, FRAGMENT_TABLES);
  sendJson(res, 200, { camera: camera.name, start, start_iso: new Date(start).toISOString(), end, end_iso: new Date(end).toISOString(), step, bytes_per_s: values });
}

function queryStep(url: URL): number {
  const text = required(url, 'step');
  const step = /^\d{1,12}$/.test(text) ? Number(text) : NaN;
  if (!(step >= MIN_STEP_MS)) throw new HttpError(400, `step: ${JSON.stringify(text)} is not a number of ms of at least ${MIN_STEP_MS}`);
  return step;
}
