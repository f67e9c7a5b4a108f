import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { exportHandler, MAX_EXPORTS } from '../../../src/web/api-export.js';
import { createWebServer } from '../../../src/web/server.js';
import { createSlots } from '../../../src/web/slots.js';

const parsed = parseConfigText('cameras:\n  - {name: cam1, rtsp_url: "rtsp://127.0.0.1/a", output_dir: /nonexistent/cam1}\n', '/x');
const config = { ...(parsed.ok ? parsed.config : ({} as never)), path: '/x/config.yaml' } as Config;
const slots = createSlots(MAX_EXPORTS);
const target = '/api/export?camera=cam1&start=2026-11-30T14:00:00Z&end=2026-11-30T14:10:00Z';
let server: Server;
let base: string;

beforeAll(async () => {
  server = createWebServer({ config, log: createLogger({ write: () => undefined }), now: Date.now }, [{ path: '/api/export', handler: exportHandler(slots) }]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('/api/export', () => {
  it(`runs at most ${MAX_EXPORTS} exports at once: another one is 503 with Retry-After and one line of JSON`, async () => {
    const running = Array.from({ length: MAX_EXPORTS }, () => slots.take()!);
    const res = await fetch(`${base}${target}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.text()).toBe('{"error":"2 exports are running already: try again when one has finished"}\n');
    running[0]!();
    const next = await fetch(`${base}${target}`); // goes on to the export engine: no footage there
    expect(next.status).toBe(404);
    expect(slots.used).toBe(MAX_EXPORTS - 1); // its slot is given back when it ends
    running[1]!();
  });

  it('checks the query before the limit, and a HEAD takes no slot', async () => {
    const running = Array.from({ length: MAX_EXPORTS }, () => slots.take()!);
    expect((await fetch(`${base}/api/export?camera=cam9&start=0&end=1`)).status).toBe(404);
    const head = await fetch(`${base}${target}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-disposition')).toMatch(/^attachment; filename="cam1_/);
    for (const give of running) give();
  });
});
