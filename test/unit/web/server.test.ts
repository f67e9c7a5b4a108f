import net, { type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { HttpError, sendJson, type Route } from '../../../src/web/route.js';
import { createWebServer, MAX_URL } from '../../../src/web/server.js';

const lines: string[] = [];
const parsed = parseConfigText('cameras:\n  - {name: cam1, rtsp_url: "rtsp://u:Canary-pw-1@127.0.0.1/a", output_dir: /nonexistent/cam1}\n', '/x');
const config = { ...(parsed.ok ? parsed.config : ({} as never)), path: '/x/config.yaml' } as Config;
const routes: Route[] = [
  { path: '/ok', handler: async (_req, res) => sendJson(res, 200, { ok: true }) },
  { path: '/teapot', handler: async () => { throw new HttpError(418, 'short and stout'); } },
  { path: '/boom', handler: async () => { throw new Error('at /secret/path: broke'); } },
  { path: '/under/', handler: async (_req, res, _ctx, url) => sendJson(res, 200, { path: url.pathname }) },
];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createWebServer({ config, log: createLogger({ write: (l) => lines.push(l) }), now: () => 0 }, routes);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the web server', () => {
  it('answers a route with one line of JSON, not cached', async () => {
    const res = await fetch(`${base}/ok`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('{"ok":true}\n');
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await fetch(`${base}/ok`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses every other method with 405 and Allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const res = await fetch(`${base}/ok`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(((await res.json()) as { error: string }).error).toMatch(/read-only/);
    }
  });

  it('answers an unknown path 404 {"error":"not found"}', async () => {
    const res = await fetch(`${base}/nothing`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('{"error":"not found"}\n');
  });

  it('routes every path under a prefix ending in "/"', async () => {
    expect(await (await fetch(`${base}/under/a/b`)).json()).toEqual({ path: '/under/a/b' });
  });

  it('answers an HttpError with its status and message', async () => {
    const res = await fetch(`${base}/teapot`);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ error: 'short and stout' });
  });

  it('answers any other error 500 without its message or a stack, and logs it', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret|broke|at /);
    expect(lines.some((l) => l.includes('GET /boom: at /secret/path: broke'))).toBe(true);
  });

  it(`answers a URL longer than ${MAX_URL} bytes 414`, async () => {
    const res = await fetch(`${base}/ok?x=${'a'.repeat(MAX_URL)}`);
    expect(res.status).toBe(414);
  });

  it('answers headers over 16 KiB 431', async () => {
    const res = await fetch(`${base}/ok`, { headers: { 'X-Big': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(await res.text()).toBe('{"error":"the request\'s headers are larger than 16 KiB"}\n');
  });

  it('answers a request it cannot parse 400 with one line of JSON, and closes the connection', async () => {
    const socket = net.connect(Number(new URL(base).port), '127.0.0.1');
    socket.end('GARBAGE / NOT-HTTP\r\n\r\n');
    const text = await new Promise<string>((resolve) => {
      let all = '';
      socket.on('data', (c: Buffer) => (all += c.toString()));
      socket.on('close', () => resolve(all));
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text.endsWith('\r\n\r\n{"error":"the request could not be read"}\n')).toBe(true);
  });

  it('sends nosniff and no-referrer on every answer', async () => {
    const res = await fetch(`${base}/nothing`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
