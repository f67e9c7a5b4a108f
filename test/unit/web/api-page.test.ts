import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { pageFileOf, pageHandler, PAGE_POLICY } from '../../../src/web/api-page.js';
import { PAGE_FILES } from '../../../src/web/page-files.js';
import { createWebServer } from '../../../src/web/server.js';

const parsed = parseConfigText('cameras:\n  - {name: cam1, rtsp_url: "rtsp://127.0.0.1/a", output_dir: /nonexistent/cam1}\n', '/x');
const config = { ...(parsed.ok ? parsed.config : ({} as never)), path: '/x/config.yaml' } as Config;
const logged: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'cams-page-'));
let server: Server;
let base: string;

beforeAll(async () => {
  for (const file of PAGE_FILES) if (file.name !== 'style.css') writeFileSync(path.join(dir, file.name), `contents of ${file.name}`);
  server = createWebServer({ config, log: createLogger({ write: (l) => logged.push(l) }), now: () => 0 }, [{ path: '/', handler: pageHandler(dir) }]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the page and its files', () => {
  it('/ is index.html, with a policy that loads scripts, styles and media from this server only', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PAGE_POLICY);
    expect(PAGE_POLICY).toMatch(/default-src 'self'; script-src 'self';/);
    expect(await res.text()).toBe('contents of index.html');
  });

  it('/static/<name> answers each file of the fixed list with its type, an ETag and no-cache', async () => {
    const res = await fetch(`${base}/static/hls.mjs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    expect(await res.text()).toBe('contents of hls.mjs');
  });

  it('answers 304 to the ETag it gave', async () => {
    const etag = (await fetch(`${base}/static/app.js`)).headers.get('etag')!;
    const res = await fetch(`${base}/static/app.js`, { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it.each(['/static/', '/static/index.html', '/static/../page-files.js', '/static/%2e%2e/api-page.js', '/static/hls.mjs/', '/static/sub/app.js', '/index.html', '/app.js', '/anything'])('%s is a 404 (only the fixed names are served)', async (target) => {
    const res = await fetch(`${base}${target}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found' });
  });

  it('a listed file missing from the build is a 500 whose log line says to run npm run build', async () => {
    const res = await fetch(`${base}/static/style.css`);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain(dir);
    expect(logged.join('\n')).toMatch(/style\.css cannot be read \(ENOENT\): run npm run build/);
  });

  it('names only files the build copies from the page folder or the hls.js package; the page names no other site', () => {
    expect(pageFileOf('/')?.name).toBe('index.html');
    for (const file of PAGE_FILES) {
      expect(file.from).toMatch(/^(src\/web\/page\/|node_modules\/hls\.js\/)/);
      if (file.from.startsWith('src/')) expect(readFileSync(path.resolve(import.meta.dirname, '../../..', file.from), 'utf8'), file.name).not.toMatch(/(https?:)?\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\//i);
    }
  });
});
