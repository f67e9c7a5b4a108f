// `cams-manager serve` over real footage: the simulator, recorded by the recorder (a gap where the
// camera is off, then a restart at another size), merged; then the API, the files, the export and
// the security of the server, asked over HTTP like a browser would. Recorded once for the file.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/net/free-port.js';
import { startCamera } from '../support/camera.js';
import { CLI, CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { stopEverything } from '../support/cleanup.js';
import { decodeErrors, probeFile, sleep, waitUntil } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';

const CANARY = 'CanaryPw-7x9q'; // the camera's password: it must appear in no answer and no log line
const WEB_PASSWORD = 'web-Secret-42';
let dir: string;
let config: string;
let base: string;
let server: CliProcess;
let auth: string;
let firstRun: { start: number; end: number };
let secondRun: { start: number; end: number };
const seen: Array<{ url: string; status: number; headers: string; body: Buffer }> = []; // every answer, for the canary scan

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

// One request with node:http (fetch would normalise paths and add Cache-Control to conditional requests).
function request(pathname: string, options: { method?: string; headers?: Record<string, string>; auth?: string | null } = {}): Promise<Answer> {
  const started = performance.now();
  const headers = { ...(options.auth === null ? {} : { Authorization: options.auth ?? auth }), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method: options.method ?? 'GET', headers, path: pathname }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer = { status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started };
        seen.push({ url: pathname, status: answer.status, headers: JSON.stringify(res.rawHeaders), body: answer.body });
        resolve(answer);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const json = <T>(a: Answer): T => JSON.parse(a.body.toString('utf8')) as T;

interface FootageAnswer {
  runs: Array<{ start: number; end: number; format: string; bytes: number; start_iso: string }>;
  gaps: Array<{ start: number; end: number }>;
  covered: number;
}

integrationDescribe('serve: the web API over recorded footage', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  beforeAll(async () => {
    dir = tempDir('cams-web-');
    const camera = await startCamera({ width: 320, height: 240, fps: 15, gop: 15, auth: `admin:${CANARY}` });
    config = writeConfig(dir, [{ name: 'cam1', url: camera.url.replace('rtsp://', `rtsp://admin:${CANARY}@`) }], { merge_delay: 0 });
    const hashed = await execa(process.execPath, [CLI, 'web-passwd', 'alice'], { input: `${WEB_PASSWORD}\n` });
    appendFileSync(config, `web:\n  users:\n    ${hashed.stdout.trim()}\n`);
    auth = `Basic ${Buffer.from(`alice:${WEB_PASSWORD}`).toString('base64')}`;

    const recorder = new CliProcess(['record', 'cam1', '-c', config]);
    await recorder.waitFor(/: recording$/, 30_000);
    await sleep(9000);
    await camera.stop(); // a gap
    await sleep(4000);
    await camera.restart({ width: 640, height: 360 }); // and another size after it
    await recorder.waitFor(/: recording again/, 30_000);
    await sleep(9000);
    await recorder.stop();
    const merged = await runCli(['merge', '-c', config, '--all']);
    expect(merged.exitCode, merged.stderr).toBe(0);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = new CliProcess(['serve', '-c', config, '--listen', `127.0.0.1:${port}`]);
    await server.waitFor(/serving 1 camera/, 15_000);
    await waitUntil(() => request('/api/cameras').then((a) => a.status === 200, () => false), 15_000); // ready once it answers
    const footage = json<FootageAnswer>(await request(`/api/footage?camera=cam1&start=${Date.now() - 600_000}&end=${Date.now()}`));
    [firstRun, secondRun] = [footage.runs[0]!, footage.runs[1]!];
  }, 180_000);

  afterAll(stopEverything);

  it('/api/footage: two runs, at 320x240 then 640x360, with the gap between them, in ms with ISO twins', async () => {
    const start = new Date(Date.now() - 600_000).toISOString();
    const a = await request(`/api/footage?camera=cam1&start=${encodeURIComponent(start)}&end=${Date.now()}`);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = json<FootageAnswer>(a);
    expect(doc.runs.map((r) => r.format)).toEqual(['h264 320x240', 'h264 640x360']);
    expect(doc.runs[0]!.end - doc.runs[0]!.start).toBeGreaterThan(6000);
    expect(doc.gaps).toHaveLength(1);
    expect(doc.gaps[0]!.end - doc.gaps[0]!.start).toBeGreaterThan(2000);
    expect(doc.gaps[0]).toEqual({ start: doc.runs[0]!.end, start_iso: new Date(doc.runs[0]!.end).toISOString(), end: doc.runs[1]!.start, end_iso: new Date(doc.runs[1]!.start).toISOString() });
    expect(a.body.toString()).not.toContain(dir); // no paths of the server
  });

  it('/api/footage: a camera not in the config is 404 naming it; a bad time is 400 naming the parameter', async () => {
    const none = await request(`/api/footage?camera=cam9&start=0&end=1`);
    expect(none.status).toBe(404);
    expect(none.body.toString()).toBe('{"error":"no camera named \\"cam9\\""}\n');
    const bad = await request(`/api/footage?camera=cam1&start=yesterday-ish&end=1`);
    expect(bad.status).toBe(400);
    expect(json<{ error: string }>(bad).error).toMatch(/^start: cannot read the time "yesterday-ish"/);
    expect((await request('/api/footage?camera=cam1&start=10&end=5')).status).toBe(400);
  });

  it('/api/cameras: the status facts with the newest footage, its format and codec, and no folder or URL', async () => {
    const a = await request('/api/cameras');
    expect(a.status).toBe(200);
    const doc = json<{ generated_at: number; cameras: Array<Record<string, unknown>>; disks: Array<Record<string, unknown>> }>(a);
    expect(doc.cameras).toHaveLength(1);
    expect(doc.cameras[0]).toMatchObject({ name: 'cam1', recording: false, format: 'h264 640x360', codec: 'h264' });
    expect(doc.cameras[0]!.newest_footage).toBeCloseTo(secondRun.end, -3);
    expect(doc.disks[0]).toMatchObject({ cameras: ['cam1'], free_bytes: expect.any(Number) });
    expect(a.body.toString()).not.toMatch(/rtsp:|\/tmp\//);
  });

  it('/api/export: a range of the first run downloads as an attachment that decodes, at 320x240', async () => {
    const from = firstRun.start + 1000;
    const to = firstRun.end - 1000;
    const a = await request(`/api/export?camera=cam1&start=${from}&end=${to}`);
    expect(a.status, a.body.toString().slice(0, 200)).toBe(200);
    expect(a.headers['content-type']).toBe('video/mp4');
    expect(a.headers['content-disposition']).toMatch(/^attachment; filename="cam1_\d{8}_\d{6}_\d{6}\.mp4"$/);
    const file = path.join(dir, 'download.mp4');
    writeFileSync(file, a.body);
    expect(await decodeErrors(file)).toBe('');
    const probe = await probeFile(file);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    expect(probe.duration).toBeCloseTo((to - from) / 1000, 0);
  });

  it('/api/export: format=fmp4 of the second run decodes at 640x360; across the change of size it is 409', async () => {
    const a = await request(`/api/export?camera=cam1&start=${secondRun.start}&end=${secondRun.end}&format=fmp4`);
    expect(a.status).toBe(200);
    const file = path.join(dir, 'download-fmp4.mp4');
    writeFileSync(file, a.body);
    expect(await decodeErrors(file)).toBe('');
    expect((await probeFile(file)).streams[0]).toMatchObject({ width: 640, height: 360 });
    const across = await request(`/api/export?camera=cam1&start=${firstRun.start}&end=${secondRun.end}`);
    expect(across.status).toBe(409);
    expect(across.headers['content-disposition']).toBeUndefined();
    expect(json<{ error: string }>(across).error).toMatch(/more than one format/);
    const none = await request(`/api/export?camera=cam1&start=${firstRun.start - 3_600_000}&end=${firstRun.start - 3_000_000}`);
    expect(none.status).toBe(404);
    expect(json<{ error: string }>(none).error).toMatch(/^no footage of cam1 between/);
    expect((await request(`/api/export?camera=cam1&start=${firstRun.start}&end=${firstRun.end}&format=avi`)).status).toBe(400);
  });

  it('/api/export: a client that goes away stops the export', async () => {
    const at = server.lines.length;
    const socket = net.connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const target = `/api/export?camera=cam1&start=${firstRun.start}&end=${firstRun.end}`;
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\n\r\n`, () => socket.destroy());
    await server.waitFor(/export of cam1 stopped: the client went away/, 10_000, at);
    expect(server.lines.slice(at).join('\n')).not.toMatch(/ERROR|exported cam1/);
  });

  it('/files: a merged file whole, a byte range (206), and 304 for its ETag', async () => {
    const name = readdirSync(path.join(dir, 'cam1', 'merged')).filter((n) => n.endsWith('.mp4')).sort()[0]!;
    const url = `/files/cam1/merged/${name}`;
    const whole = await request(url);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const part = await request(url, { headers: { Range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${whole.body.length}`);
    expect(part.body.equals(whole.body.subarray(0, 100))).toBe(true);
    const again = await request(url, { headers: { 'If-None-Match': String(whole.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('traversal attempts are 404, raw or encoded', async () => {
    const attempts = [
      '/files/cam1/merged/../../../../etc/passwd',
      '/files/cam1/merged/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/files/cam1/merged/..%2f..%2f..%2fetc%2fpasswd',
      '/files/cam1/%2e%2e/config.yaml',
      '/files/cam1/merged//etc/passwd',
      '/files/cam1/merged/%2Fetc%2Fpasswd',
      '/files/cam1/.staging/x.mp4',
      '/files/..%5c..%5cconfig.yaml',
      '/files/cam1/merged/..\\..\\config.yaml',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ];
    for (const p of attempts) {
      const a = await request(p);
      expect(a.status, p).toBe(404);
      expect(a.body.toString()).not.toMatch(/root:|cameras:/);
    }
  });

  it('only GET and HEAD; a long URL is 414; errors are one line of JSON', async () => {
    const post = await request('/api/cameras', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const long = await request(`/api/cameras?x=${'a'.repeat(5000)}`);
    expect(long.status).toBe(414);
    for (const a of [post, long]) expect(a.body.toString()).toMatch(/^\{"error":"[^\n]*"\}\n$/);
  });

  it('a wrong password is 401, logged with the client address and the name (not the password), and the next try waits', async () => {
    const at = server.lines.length;
    const none = await request('/api/cameras', { auth: null });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="cams-manager", charset="UTF-8"');
    const wrong = `Basic ${Buffer.from('alice:guess-one').toString('base64')}`;
    const first = await request('/api/cameras', { auth: wrong });
    const second = await request('/api/cameras', { auth: wrong });
    const third = await request('/api/cameras', { auth: `Basic ${Buffer.from('bob:guess-two').toString('base64')}` });
    expect([first.status, second.status, third.status]).toEqual([401, 401, 401]);
    expect(second.ms).toBeGreaterThan(240);
    expect(third.ms).toBeGreaterThan(490);
    const warnings = server.lines.slice(at).filter((l) => /failed login/.test(l));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/WARN +web: failed login for user "alice" from 127\.0\.0\.1/);
    expect(warnings[2]).toMatch(/failed login for user "bob" from 127\.0\.0\.1 \(3 in a row/);
    expect(server.lines.join('\n')).not.toMatch(/guess-one|guess-two/);
    expect((await request('/api/cameras')).status).toBe(200); // the right password still gets in (and clears the count)
  });

  it('parallel wrong passwords from one address are checked one at a time: the others are 429 with Retry-After', async () => {
    const at = server.lines.length;
    const guesses = await Promise.all(Array.from({ length: 6 }, (_, i) => request('/api/cameras', { auth: `Basic ${Buffer.from(`alice:parallel-${i}`).toString('base64')}` })));
    expect(guesses.map((a) => a.status).sort()).toEqual([401, 429, 429, 429, 429, 429]);
    expect(guesses.find((a) => a.status === 429)!.headers['retry-after']).toMatch(/^\d+$/);
    expect(server.lines.slice(at).filter((l) => /failed login for user "alice" from 127\.0\.0\.1/.test(l))).toHaveLength(1);
    expect((await request('/api/cameras')).status).toBe(200);
  });

  it('a cross-site request for the API or the files is 403; every answer says X-Frame-Options: DENY', async () => {
    for (const p of ['/api/cameras', '/files/cam1/merged/x.mp4', `/api/export?camera=cam1&start=${firstRun.start}&end=${firstRun.end}`]) {
      const a = await request(p, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
      expect(a.status, p).toBe(403);
      expect(a.headers['x-frame-options']).toBe('DENY');
    }
    expect((await request('/api/cameras', { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });

  it('without web.users, a request whose Host is not local (DNS rebinding) is 421; localhost is answered', async () => {
    const local = path.join(dir, 'local.yaml');
    const port = await freePort();
    writeFileSync(local, `cameras:\n  - {name: cam1, rtsp_url: "rtsp://127.0.0.1:1/none", output_dir: cam1}\nweb:\n  listen: 127.0.0.1:${port}\n`);
    const open = new CliProcess(['serve', '-c', local]);
    await open.waitFor(/serving 1 camera/, 15_000);
    const ask = (host: string) => new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(`GET /api/footage?camera=cam1&start=${firstRun.start}&end=${firstRun.end} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    try {
      const evil = await ask(`evil.example:${port}`);
      expect(evil).toMatch(/^HTTP\/1\.1 421 /);
      expect(evil).not.toMatch(/evil\.example|"runs"/);
      expect(await ask(`localhost:${port}`)).toMatch(/^HTTP\/1\.1 200 [^]*"runs":\[\{/);
    } finally {
      await open.stop();
    }
  });

  it('listening on 0.0.0.0 without web.users is refused: exit 78, one line naming web.listen and the config file', async () => {
    const open = path.join(dir, 'open.yaml');
    writeFileSync(open, `cameras:\n  - {name: cam1, rtsp_url: "rtsp://127.0.0.1:1/none", output_dir: cam1}\nweb:\n  listen: 0.0.0.0:${await freePort()}\n`);
    const r = await runCli(['serve', '-c', open]);
    expect(r.exitCode).toBe(78);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^cams-manager: web\\.listen: refusing to serve on "0\\.0\\.0\\.0".*config "${open.replace(/[.]/g, '\\.')}"`));
  });

  it('the camera\'s password appears in no answer, header or log line of the crawl', async () => {
    const name = readdirSync(path.join(dir, 'cam1', 'merged')).filter((n) => n.endsWith('.mp4'))[0]!;
    for (const p of ['/', '/api/cameras', '/api/footage', '/api/footage?camera=cam1&start=0&end=1', `/api/footage?camera=cam1&start=${firstRun.start}&end=${secondRun.end}`, '/api/export?camera=cam1', `/files/cam1/merged/${name}`, '/metrics', '/api/playlist.m3u8?camera=cam1', '/nothing']) {
      await request(p);
      await request(p, { method: 'HEAD' });
      await request(p, { auth: null });
    }
    expect(seen.length).toBeGreaterThan(40);
    for (const answer of seen) {
      expect(answer.headers, answer.url).not.toContain(CANARY);
      expect(answer.body.includes(CANARY), answer.url).toBe(false);
      expect(answer.body.includes(WEB_PASSWORD), answer.url).toBe(false);
    }
    expect(server.lines.join('\n')).not.toContain(CANARY);
  });
});
