#!/usr/bin/env node
// bench/web-api: `GET /api/footage` of `cams-manager serve` for a week of each of 16 cameras (the
// merged minutes and footage index of bench/catalogue.mjs, with the caches the merge leaves), per
// request: median and p95 beside the footage catalogue alone in process (its baseline), and again
// without the caches; and the server's private memory (RssAnon of /proc/PID/status): idle after
// start, while serving requests over and over, and idle again after them. Run as root, the server
// runs as nobody, so that it cannot write the recordings (as under cams-web.service): it reads the
// caches the merge leaves and cannot save its own. Prints figures; asserts nothing.
// Usage: node bench/web-api.mjs [--cameras 16] [--days 7] [--rounds 10] [--keep]   (needs npm run build)
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../dist/footage/catalogue.js';
import { RACY_MS } from '../dist/footage/merged-cache.js';
import { readFootageFiles } from '../dist/footage/read-files.js';
import { freePort } from '../dist/net/free-port.js';
import { generateFootage } from './footage-week.mjs';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' }, rounds: { type: 'string', default: '10' }, keep: { type: 'boolean' } } });
const [cameras, days, rounds] = [Number(values.cameras), Number(values.days), Number(values.rounds)];
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');
const root = mkdtempSync(path.join(tmpdir(), 'cams-web-bench-'));
const now = Date.now();
const from = now - days * 86_400_000;
const config = generateFootage(root, { cameras, days, minuteNow: now - (now % 60_000) });
const names = Array.from({ length: cameras }, (_, c) => `cam${c}`);
console.log(`${cameras} cameras × ${days} days (${cameras * days * 1440} merged files); ${rounds} rounds of one request per camera for the whole ${days} days`);

// The caches as the merge leaves them: one pass writes them once the folders have settled.
await new Promise((resolve) => setTimeout(resolve, RACY_MS));
const catalogue = async (name) => buildCatalogue(await readFootageFiles(path.join(root, name), from, now), from, now);
for (const name of names) await catalogue(name);

const baseline = [];
for (let r = 0; r < rounds; r++) for (const name of names) baseline.push(await timed(() => catalogue(name)));
report('the catalogue alone, in process (readFootageFiles + buildCatalogue)', baseline);

const port = await freePort();
const serve = [process.execPath, CLI, 'serve', '-c', config, '--listen', `127.0.0.1:${port}`];
const asNobody = process.getuid() === 0;
if (asNobody) chmodSync(root, 0o755); // mkdtemp made it 0700
const [command, ...args] = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...serve] : serve;
const server = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
console.log(`the server runs as ${asNobody ? 'nobody: it reads the recordings and cannot write them, as under cams-web.service' : 'this user (not root: it may save caches)'}`);
let stderr = '';
server.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
try {
  await waitFor(() => stderr.includes('listening on'), 20_000, () => `the server did not start:\n${stderr}`);
  await sleep(1000);
  const idle = rssAnon(server.pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: cameras });
  const url = (name) => `/api/footage?camera=${name}&start=${from}&end=${now}`;
  const first = [];
  for (const name of names) first.push(await timed(() => get(agent, url(name))));
  const answers = [];
  let peak = 0;
  for (let r = 0; r < rounds; r++) {
    for (const name of names) answers.push(await timed(() => get(agent, url(name))));
    peak = Math.max(peak, rssAnon(server.pid));
  }
  const parallel = [];
  for (let r = 0; r < rounds; r++) {
    parallel.push(await timed(() => Promise.all(names.map((name) => get(agent, url(name))))));
    peak = Math.max(peak, rssAnon(server.pid));
  }
  const serving = rssAnon(server.pid);
  // Without the caches (the merge did not refresh them): the server lists merged/ and parses every
  // day's index for each request (it cannot save what it found).
  for (const name of names) for (const f of readdirSync(path.join(root, name, '.footage'))) if (f.endsWith('.json')) rmSync(path.join(root, name, '.footage', f));
  const uncached = [];
  for (let r = 0; r < Math.min(rounds, 3); r++) {
    for (const name of names) uncached.push(await timed(() => get(agent, url(name))));
    peak = Math.max(peak, rssAnon(server.pid));
  }
  agent.destroy();
  await sleep(2000);
  report('GET /api/footage, the first request per camera after start', first);
  report('GET /api/footage, one camera at a time (keep-alive)', answers);
  report(`GET /api/footage, all ${cameras} cameras at once (the whole batch)`, parallel);
  report(`GET /api/footage, one camera at a time, without the caches${asNobody ? ' (the server cannot save them)' : ''}`, uncached);
  console.log(`server private memory (RssAnon): ${mb(idle)} idle after start; ${mb(serving)} after ${answers.length + parallel.length * cameras} requests with the caches (peak seen ${mb(peak)}, also without them); ${mb(rssAnon(server.pid))} 2 s after the last`);
} finally {
  server.kill('SIGTERM');
  const code = await new Promise((resolve) => server.once('exit', (c, s) => resolve(c ?? s)));
  console.log(`server stopped by SIGTERM: exit ${code}`);
}
try {
  await socketActivated();
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
}

// As under cams-web.socket: systemd-socket-activate holds the socket and starts the server on the
// first connection; that first answer includes Node's start. Then the server exits when idle.
async function socketActivated() {
  const sa = spawn('systemd-socket-activate', ['-l', `127.0.0.1:${port}`, ...(process.getuid() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []), process.execPath, CLI, 'serve', '-c', config, '--idle-exit', '1s'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sa.stderr.setEncoding('utf8').on('data', (d) => (log += d));
  const exited = new Promise((resolve) => sa.once('exit', (c, s) => resolve(c ?? s)));
  const ready = await Promise.race([(async () => { while (!log.includes('Listening on')) await sleep(20); return true; })(), exited.then(() => false), sleep(5000).then(() => false)]);
  if (!ready) {
    console.log(`socket activation not measured: systemd-socket-activate did not listen\n${log}`);
    sa.kill();
    return;
  }
  const agent = new http.Agent({ keepAlive: false });
  const first = await timed(() => get(agent, `/api/footage?camera=cam0&start=${from}&end=${now}`));
  const t = performance.now();
  const code = await Promise.race([exited, sleep(20_000).then(() => 'still running after 20 s')]);
  console.log(`through socket activation (systemd-socket-activate, server started by the first connection): first answer ${first.toFixed(0)} ms, Node's start included; with --idle-exit 1s it exited (${code}) ${((performance.now() - t) / 1000).toFixed(1)} s after it`);
  if (sa.exitCode === null) sa.kill();
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function get(agent, urlPath) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${urlPath}: ${res.statusCode} ${Buffer.concat(chunks)}`))));
    }).on('error', reject);
  });
}

function report(what, ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`${what}: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (${ms.length})`);
}

// Private memory: anonymous pages (heap, stacks), not the shared code of node and its libraries.
function rssAnon(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('RssAnon:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

function mb(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(check, timeoutMs, why) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until || server.exitCode !== null) throw new Error(why());
    await sleep(50);
  }
}
