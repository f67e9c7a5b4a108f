import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { createWebServer } from '../../../src/web/server.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'web-files-'));
const cam = path.join(tmp, 'cam1');
const percent = path.join(tmp, 'cams%41', 'cam3'); // "%41" literally, beside a folder "camsA"
const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
let server: Server;
let base: string;

beforeAll(async () => {
  for (const dir of ['merged', 'segments', '.staging/20261130_143000', 'other']) mkdirSync(path.join(cam, dir), { recursive: true });
  writeFileSync(path.join(cam, 'merged/20261130_1432.mp4'), BYTES);
  writeFileSync(path.join(cam, 'segments/20261130_143302.mp4'), BYTES.subarray(0, 10));
  writeFileSync(path.join(cam, '.staging/20261130_143000/20261130_143402.mp4'), BYTES.subarray(0, 20));
  writeFileSync(path.join(tmp, 'outside.mp4'), 'outside');
  writeFileSync(path.join(cam, 'other/x.mp4'), 'inside');
  symlinkSync(path.join(tmp, 'outside.mp4'), path.join(cam, 'merged/20261130_1433.mp4'));
  symlinkSync(path.join(cam, 'other/x.mp4'), path.join(cam, 'merged/20261130_1434.mp4'));
  mkdirSync(path.join(cam, 'merged/20261130_1435.mp4'));
  for (const [dir, text] of [[percent, 'cams%41'], [path.join(tmp, 'camsA', 'cam3'), 'camsA']] as const) {
    mkdirSync(path.join(dir, 'merged'), { recursive: true });
    writeFileSync(path.join(dir, 'merged/20261130_1432.mp4'), text);
  }
  const parsed = parseConfigText(`cameras:\n  - {name: cam1, rtsp_url: "rtsp://h/a", output_dir: ${cam}}\n  - {name: cam3, rtsp_url: "rtsp://h/b", output_dir: "${percent}"}\n`, tmp);
  const config = { ...(parsed.ok ? parsed.config : ({} as never)), path: path.join(tmp, 'config.yaml') } as Config;
  server = createWebServer({ config, log: createLogger({ write: () => undefined }), now: Date.now });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

describe('/files/', () => {
  it('serves a merged file whole, as video/mp4, with an ETag and Accept-Ranges', async () => {
    const res = await fetch(`${base}/files/cam1/merged/20261130_1432.mp4`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(Buffer.from(await res.arrayBuffer()).equals(BYTES)).toBe(true);
  });

  it('serves a byte range with 206 and Content-Range', async () => {
    const res = await fetch(`${base}/files/cam1/merged/20261130_1432.mp4`, { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await res.arrayBuffer()).equals(BYTES.subarray(100, 200))).toBe(true);
  });

  it('answers 304 to If-None-Match with the ETag', async () => {
    const etag = (await fetch(`${base}/files/cam1/merged/20261130_1432.mp4`, { method: 'HEAD' })).headers.get('etag')!;
    // node:http, not fetch: fetch adds "Cache-Control: no-cache" to a conditional request.
    const status = await new Promise((resolve) => http.get(`${base}/files/cam1/merged/20261130_1432.mp4`, { headers: { 'If-None-Match': etag } }, (res) => resolve(res.resume().statusCode)));
    expect(status).toBe(304);
  });

  it('answers a range past the end 416 as JSON', async () => {
    const res = await fetch(`${base}/files/cam1/merged/20261130_1432.mp4`, { headers: { Range: 'bytes=5000-6000' } });
    expect(res.status).toBe(416);
    expect(await res.json()).toEqual({ error: 'the range is not within the file' });
  });

  it('serves a segment, and a segment being recorded from .staging/<run>/ by its name', async () => {
    expect((await (await fetch(`${base}/files/cam1/segments/20261130_143302.mp4`)).arrayBuffer()).byteLength).toBe(10);
    expect((await (await fetch(`${base}/files/cam1/recording/20261130_143402.mp4`)).arrayBuffer()).byteLength).toBe(20);
  });

  it('answers 404 for a symlink out of output_dir, a folder, a missing file, an unknown camera, and traversal', async () => {
    const paths = [
      '/files/cam1/merged/20261130_1433.mp4',
      '/files/cam1/merged/20261130_1435.mp4',
      '/files/cam1/merged/20261130_1436.mp4',
      '/files/cam1/recording/20261130_143302.mp4',
      '/files/cam2/merged/20261130_1432.mp4',
      '/files/cam1/merged/%2e%2e/%2e%2e/outside.mp4',
      '/files/cam1/merged/..%2f..%2foutside.mp4',
      '/files/cam1/other/x.mp4',
      '/files/cam1/..%2Fother/x.mp4',
    ];
    for (const p of paths) expect((await fetch(base + p)).status, p).toBe(404);
  });

  it('serves the file of an output_dir whose path holds "%41" literally, not the one of the folder it would decode to', async () => {
    expect(await (await fetch(`${base}/files/cam3/merged/20261130_1432.mp4`)).text()).toBe('cams%41');
  });

  it('serves a symlink whose real path stays inside output_dir', async () => {
    expect(await (await fetch(`${base}/files/cam1/merged/20261130_1434.mp4`)).text()).toBe('inside');
  });
});
