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
  { path: '/api/', handler: async (_req, res) => sendJson(res, 200, { api: true }) },
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

// What the server answers to `request` written as is on a new connection, read until it closes.
function raw(request: string, port = Number(new URL(base).port)): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(request); // not end(): a half-closed request may be dropped before an async answer
  return new Promise<string>((resolve) => {
    let all = '';
    socket.on('data', (c: Buffer) => (all += c.toString()));
    socket.on('close', () => resolve(all));
  });
}

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
    const text = await raw('GARBAGE / NOT-HTTP\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text.endsWith('\r\n\r\n{"error":"the request could not be read"}\n')).toBe(true);
  });

  it('sends nosniff, no-referrer and X-Frame-Options: DENY on every answer', async () => {
    for (const res of [await fetch(`${base}/nothing`), await fetch(`${base}/ok`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(await raw('GARBAGE / NOT-HTTP\r\n\r\n')).toMatch(/\r\nX-Frame-Options: DENY\r\n/);
  });

  it('without web.users, answers 421 to a Host that is not local (DNS rebinding), before anything else, without echoing it', async () => {
    const text = await raw('GET /ok HTTP/1.1\r\nHost: evil.example:8765\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 421 Misdirected Request\r\n/);
    expect(text).toContain('{"error":"this server answers only requests addressed to localhost, 127.x.x.x, [::1] or the host of web.listen');
    expect(text).not.toContain('evil');
    for (const host of ['localhost:8765', '127.0.0.1', '[::1]:1']) {
      expect(await raw(`GET /ok HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), host).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    }
    expect(await raw('GET /ok HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK\r\n/); // no Host at all: not a browser
  });

  it('with web.users or web.trust_proxy, answers any Host (a proxy or a LAN name in front)', async () => {
    const other = createWebServer({ config: { ...config, web: { ...config.web, trust_proxy: true } }, log: createLogger({ write: () => undefined }), now: () => 0 }, routes);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const text = await raw('GET /ok HTTP/1.1\r\nHost: cams.example.org\r\nConnection: close\r\n\r\n', (other.address() as AddressInfo).port);
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses a cross-site request for /api/ with 403, and answers same-origin, same-site, none and none given', async () => {
    const res = await fetch(`${base}/api/cameras`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/Sec-Fetch-Site: cross-site/);
    for (const site of ['same-origin', 'same-site', 'none']) expect((await fetch(`${base}/api/cameras`, { headers: { 'Sec-Fetch-Site': site } })).status, site).toBe(200);
    expect((await fetch(`${base}/api/cameras`)).status).toBe(200);
  });
});
