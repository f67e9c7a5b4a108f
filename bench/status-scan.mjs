#!/usr/bin/env node
// bench/status-scan: what the status facts cost for 16 cameras with a week of merged minute files
// each (with the footage-index lines the merge writes, bytes included) plus 3 minutes of segments
// (real 2-second fragmented MP4s when ffmpeg is there, with the recorder's segment-times lines), the size issue
// 6 asks for. Two measures, each the median of --runs:
// - `cams-manager status --json` as a process (Node start-up included);
// - GET /api/cameras of a running `cams-manager serve`, one request at a time, while another client
//   asks for 10 bytes of a merged file (a player's range request) every 5 ms: the longest such
//   request during the /api/cameras requests is how long one of them held the server's event loop.
// --baseline DIR: another checkout's build (DIR/dist) measured in the same run, taking turns.
// --offsite: the config has offsite: and each camera an off-site state holding all its footage but
// the newest 2 segments (the steady state of a running uploader), so status plans each camera's lag.
// Usage: node bench/status-scan.mjs [--cameras 16] [--days 7] [--runs 9] [--baseline DIR] [--offsite] [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' }, runs: { type: 'string', default: '9' }, baseline: { type: 'string' }, offsite: { type: 'boolean' }, keep: { type: 'boolean' } } });
const cameras = Number(values.cameras);
const days = Number(values.days);
const runs = Number(values.runs);
const root = mkdtempSync(path.join(tmpdir(), 'cams-status-bench-'));
const builds = [['this build', path.resolve(import.meta.dirname, '..')]];
if (values.baseline) builds.push(['baseline', path.resolve(values.baseline)]);
const cliOf = (dir) => path.join(dir, 'dist/bin/cams-manager.js');
const p = (n, w = 2) => String(n).padStart(w, '0');
const stamp = (d, seconds) => `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${seconds ? p(d.getSeconds()) : ''}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// One real segment (160x90, 2 s, fragmented as the recorder writes them), copied for every segment.
const segment = path.join(root, 'segment.mp4');
try {
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25:duration=2', '-c:v', 'libx264', '-g', '25', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-y', segment]);
} catch {
  writeFileSync(segment, 'x'); // no ffmpeg: a file the catalogue cannot read (skipped)
}

const now = Date.now();
const minuteNow = now - (now % 60_000);
let files = 0;
const generated = performance.now();
const lines = ['cameras:'];
for (let c = 0; c < cameras; c++) {
  const dir = path.join(root, `cam${c}`);
  for (const sub of ['merged', 'segments', '.footage']) mkdirSync(path.join(dir, sub), { recursive: true });
  const index = new Map();
  const puts = [];
  const put = (folder, name, bytes, start, end) => puts.push(JSON.stringify({ op: 'put', path: `cam${c}/${folder}/${name}`, size: bytes, hash: `md5:${String(start).padStart(32, '0')}`, start, end, at: end + 3000 }));
  for (let m = days * 1440; m >= 3; m--) {
    const start = minuteNow - m * 60_000;
    const name = `${stamp(new Date(start), false)}.mp4`;
    const bytes = 100 + ((m * 7919) % 400); // sizes vary: a sample of them is not their sum
    writeFileSync(path.join(dir, 'merged', name), Buffer.alloc(bytes, 120));
    const day = name.slice(0, 8);
    if (!index.has(day)) index.set(day, []);
    index.get(day).push(JSON.stringify({ name, start, end: start + 60_000, format: 'h264 1920x1080 + aac', bytes }));
    put('merged', name, bytes, start, start + 60_000);
    files++;
  }
  for (const [day, dayLines] of index) writeFileSync(path.join(dir, '.footage', `${day}.jsonl`), dayLines.join('\n') + '\n');
  for (let s = 180; s >= 2; s -= 2) {
    const start = now - s * 1000;
    const name = `${stamp(new Date(start), true)}.mp4`;
    copyFileSync(segment, path.join(dir, 'segments', name));
    // Its line in the recorder's segment times, as the recorder writes it when it admits the file.
    appendFileSync(path.join(dir, '.footage', `${name.slice(0, 11)}.segments.jsonl`), JSON.stringify({ name, start, end: start + 2000, run: 'bench' }) + '\n');
    if (s > 4) put('segments', name, readFileSync(segment).length, start, start + 2000);
    files++;
  }
  if (values.offsite) {
    mkdirSync(path.join(dir, '.offsite'));
    writeFileSync(path.join(dir, '.offsite', 'state.jsonl'), puts.join('\n') + '\n');
  }
  lines.push(`  - {name: cam${c}, rtsp_url: "rtsp://admin:pw@127.0.0.1/cam${c}", output_dir: cam${c}}`);
}
if (values.offsite) lines.push('offsite: {remote: "nas:cams", retention_days: 30}');
const config = path.join(root, 'config.yaml');
writeFileSync(config, lines.join('\n') + '\n');
console.log(`generated ${files} files for ${cameras} cameras in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
const probeFile = readFileSync(path.join(root, 'cam0/.footage', `${stamp(new Date(minuteNow - 60 * 60_000), false).slice(0, 8)}.jsonl`), 'utf8').split('\n')[0];
const probeUrl = `/files/cam0/merged/${JSON.parse(probeFile).name}`;

function statusOnce(dir) {
  const t0 = performance.now();
  let out = '';
  try {
    out = execFileSync(process.execPath, [cliOf(dir), 'status', '--json', '-c', config], { encoding: 'utf8' });
  } catch (error) {
    out = error.stdout; // exit 3: nothing is recording in a generated tree
  }
  const doc = JSON.parse(out);
  return { ms: performance.now() - t0, cam0: doc.cameras[0] };
}

function get(port, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http.get({ host: '127.0.0.1', port, path: url, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
    }).on('error', reject);
  });
}

async function startServe(dir, port) {
  const child = spawn(process.execPath, [cliOf(dir), 'serve', '-c', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (await get(port, probeUrl, { Range: 'bytes=0-9' }).then((r) => r.status === 206, () => false)) return child;
  }
  child.kill();
  throw new Error(`serve of ${dir} did not answer on port ${port}`);
}

// One /api/cameras request while range requests go on beside it; returns its time and the longest range request.
async function camerasOnce(port) {
  let going = true;
  let longest = 0;
  const prober = (async () => {
    while (going) {
      const r = await get(port, probeUrl, { Range: 'bytes=0-9' });
      longest = Math.max(longest, r.ms);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const answer = await get(port, '/api/cameras');
  going = false;
  await prober;
  if (answer.status !== 200) throw new Error(`/api/cameras: ${answer.status} ${answer.body}`);
  return { ms: answer.ms, longest, cam0: JSON.parse(answer.body).cameras[0] };
}

const results = new Map(builds.map(([name]) => [name, { status: [], cameras: [], blocked: [], first: undefined }]));
const servers = [];
try {
  for (const [name, dir] of builds) {
    const r = results.get(name);
    r.first = statusOnce(dir); // the first status of the tree (no caches yet)
    const port = 18_000 + Math.floor(Math.random() * 20_000);
    servers.push({ name, port, child: await startServe(dir, port) });
    r.firstCameras = await camerasOnce(port);
  }
  for (let run = 0; run < runs; run++) {
    for (const [name, dir] of builds) {
      const r = results.get(name);
      const s = statusOnce(dir);
      r.status.push(s.ms);
      r.last = s.cam0;
      const c = await camerasOnce(servers.find((x) => x.name === name).port);
      r.cameras.push(c.ms);
      r.blocked.push(c.longest);
      r.lastCameras = c.cam0;
    }
  }
} finally {
  for (const s of servers) s.child.kill('SIGTERM');
}
for (const [name, r] of results) {
  console.log(`${name}: status --json ${median(r.status).toFixed(0)} ms (first ${r.first.ms.toFixed(0)} ms); /api/cameras ${median(r.cameras).toFixed(0)} ms (first ${r.firstCameras.ms.toFixed(0)} ms), longest range request beside it ${median(r.blocked).toFixed(0)} ms (max ${Math.max(...r.blocked).toFixed(0)} ms); medians of ${runs}`);
  if (r.last.offsite) console.log(`  cam0 off-site: ${JSON.stringify(r.last.offsite)}`);
  console.log(`  cam0: bytes ${r.last.bytes}${r.last.bytes_estimated ? ' (estimated)' : ''}, coverage_today ${r.last.coverage_today}, gaps_today ${r.last.gaps_today}, oldest ${r.last.oldest_recording}; /api/cameras bytes ${r.lastCameras.bytes}`);
}
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`tree kept in ${root}`);
