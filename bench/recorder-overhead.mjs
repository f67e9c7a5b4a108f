#!/usr/bin/env node
// bench/recorder-overhead: records N simulated 1080p cameras for a while and prints, per camera,
// the CPU % and private memory (RssAnon from /proc) of the Node recorder beside its FFmpeg's: the
// median over the run; the recorder's in minute 1, minute 5 and the last minute (`--seconds 3600`:
// minute 60), each the median of that minute's samples, its growth from minute 5 to the last, and
// its peak; and the gaps in each camera's footage over the run (the footage catalogue, as `footage`
// reads it).
// Usage: node bench/recorder-overhead.mjs [--cameras 2] [--seconds 60] [--width 1920 --height 1080 --fps 25]
// Needs a build (npm run build), FFmpeg and the camera simulator (install/dev-setup.sh).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../dist/footage/catalogue.js';
import { readFootageFiles } from '../dist/footage/read-files.js';
import { RECORDER_ENV, RECORDER_NODE_FLAGS } from '../dist/recorder/process-env.js';
import { startSimulator, stopChild } from '../dist/sim/camera-sim.js';
import { children, median, proc, sleep, TICKS } from './proc-sample.mjs';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '60' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    fps: { type: 'string', default: '25' },
  },
});
const N = Number(values.cameras);
const SECONDS = Number(values.seconds);
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');
const RECORD_ENTRY = process.env.BENCH_RECORD_ENTRY ?? CLI; // another entry for `record`, to compare
// Node's flags for the recorders: the units' (RECORDER_NODE_FLAGS), or others to compare
// (e.g. BENCH_NODE_FLAGS='--single-threaded'; BENCH_NODE_FLAGS='' for none).
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS === undefined ? RECORDER_NODE_FLAGS : process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
const LISTENER = path.resolve(import.meta.dirname, '../test/fixtures/notify-listener.py');

const dir = mkdtempSync(path.join(tmpdir(), 'cams-bench-'));
const sims = [];
const recorders = [];
let listener;
try {
  // The recorders speak sd_notify to a socket of ours, with a watchdog, as under their unit…
  const notifySocket = path.join(dir, 'notify.sock');
  listener = spawn('python3', [LISTENER, notifySocket], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => listener.stdout.once('data', resolve));
  listener.stdout.resume();
  // …and the malloc settings the unit gives them (BENCH_NO_RECORDER_ENV=1: without, to compare).
  const env = { ...process.env, ...(process.env.BENCH_NO_RECORDER_ENV ? {} : RECORDER_ENV), NOTIFY_SOCKET: notifySocket, WATCHDOG_USEC: '28000000' };
  for (let i = 0; i < N; i++) sims.push(await startSimulator({ width: Number(values.width), height: Number(values.height), fps: Number(values.fps), audio: 'pcma' }));
  const lines = ['cameras:'];
  sims.forEach((s, i) => lines.push(`  - name: cam${i + 1}`, `    rtsp_url: ${s.url}`, `    output_dir: cam${i + 1}`));
  writeFileSync(path.join(dir, 'config.yaml'), lines.join('\n') + '\n');
  for (let i = 0; i < N; i++) {
    const child = spawn(process.execPath, [...NODE_FLAGS, RECORD_ENTRY, 'record', `cam${i + 1}`, '-c', path.join(dir, 'config.yaml')], { stdio: ['ignore', 'ignore', 'pipe'], env });
    const ready = new Promise((resolve) => child.stderr.on('data', (d) => /: recording$/m.test(String(d)) && resolve()));
    recorders.push({ child, ready });
  }
  await Promise.all(recorders.map((r) => r.ready));
  await sleep(3000); // let start-up settle
  const before = recorders.map((r) => sample(r.child.pid));
  const memory = recorders.map(() => ({ node: [], ffmpeg: [] })); // { t: ms since t0, kb }
  const t0 = Date.now();
  while (Date.now() - t0 < SECONDS * 1000) {
    await sleep(Math.min(5000, Math.max(0, t0 + SECONDS * 1000 - Date.now())));
    recorders.forEach((r, i) => {
      const s = sample(r.child.pid);
      const t = Date.now() - t0;
      memory[i].node.push({ t, kb: s.node.rssAnonKb });
      memory[i].ffmpeg.push({ t, kb: s.ffmpeg.rssAnonKb });
    });
  }
  const wall = (Date.now() - t0) / 1000;
  const after = recorders.map((r) => sample(r.child.pid));
  console.log(`recorder overhead: ${N} camera(s) ${values.width}x${values.height}@${values.fps} H.264 + G.711→AAC, ${wall.toFixed(0)} s, node ${process.version} ${NODE_FLAGS.join(' ')}${process.env.BENCH_NO_RECORDER_ENV ? '' : ' ' + Object.entries(RECORDER_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const gaps = [];
  for (let i = 0; i < N; i++) {
    const files = await readFootageFiles(path.join(dir, `cam${i + 1}`), t0, t0 + wall * 1000);
    const found = buildCatalogue(files, t0, t0 + wall * 1000).gaps;
    gaps.push(found.length);
    // Each gap, when it began in the run and how long: to tell it from what else the machine did then.
    for (const g of found) console.log(`  cam${i + 1}: gap at ${((g.start - t0) / 1000).toFixed(1)} s (${new Date(g.start).toISOString()}), ${((g.end - g.start) / 1000).toFixed(1)} s long`);
  }
  console.log('camera  node CPU%  ffmpeg CPU%  CPU ratio  node RssAnon MB (median; minute 1, 5, last; peak)  growth minute 5→last  ffmpeg RssAnon MB  gaps');
  const ratios = [];
  const nodeMems = [];
  const ffMems = [];
  const growths = [];
  recorders.forEach((_, i) => {
    const nodeCpu = (100 * (after[i].node.ticks - before[i].node.ticks)) / TICKS / wall;
    const ffCpu = (100 * (after[i].ffmpeg.ticks - before[i].ffmpeg.ticks)) / TICKS / wall;
    const m = memory[i];
    const nodeMem = median(m.node.map((x) => x.kb)) / 1024;
    const ffMem = median(m.ffmpeg.map((x) => x.kb)) / 1024;
    const [at1, at5, end] = [level(m.node, 0, 60_000), level(m.node, 240_000, 300_000), level(m.node, wall * 1000 - 60_000, wall * 1000)];
    const peak = Math.max(...m.node.map((x) => x.kb));
    const mb = (kb) => (kb === undefined ? '-' : (kb / 1024).toFixed(1));
    ratios.push(nodeCpu / ffCpu);
    nodeMems.push(end);
    ffMems.push(level(m.ffmpeg, wall * 1000 - 60_000, wall * 1000));
    const growth = at5 === undefined || wall < 600 ? undefined : end / at5 - 1;
    if (growth !== undefined) growths.push(growth);
    const growthText = growth === undefined ? '-' : `${(100 * growth).toFixed(1)} %`;
    console.log(`cam${i + 1}    ${nodeCpu.toFixed(2).padStart(8)}  ${ffCpu.toFixed(2).padStart(11)}  ${(nodeCpu / ffCpu).toFixed(2).padStart(8)}x  ${`${nodeMem.toFixed(1)}, ${mb(at1)}, ${mb(at5)}, ${mb(end)}, ${mb(peak)}`.padStart(56)}  ${growthText.padStart(16)}  ${ffMem.toFixed(1).padStart(17)}  ${String(gaps[i]).padStart(4)}`);
  });
  console.log(`median CPU ratio (recorder / FFmpeg): ${median(ratios).toFixed(2)}x; median RssAnon over the last minute: recorder ${(median(nodeMems) / 1024).toFixed(1)} MB, FFmpeg ${(median(ffMems) / 1024).toFixed(1)} MB; gaps: ${gaps.reduce((a, b) => a + b, 0)}`);
  if (growths.length) console.log(`recorder RssAnon growth from minute 5 to the last: median ${(100 * median(growths)).toFixed(1)} %, largest ${(100 * Math.max(...growths)).toFixed(1)} %`);
} finally {
  await Promise.all(recorders.map((r) => stopChild(r.child)));
  await Promise.all(sims.map((s) => s.stop()));
  listener?.kill();
  rmSync(dir, { recursive: true, force: true });
}

// The median of the samples taken in (fromMs, toMs]: a minute's level of memory, not one reading,
// which catches a passing allocation (a compile, a GC) as often as the level under it.
function level(samples, fromMs, toMs) {
  const inside = samples.filter((x) => x.t > fromMs && x.t <= toMs).map((x) => x.kb);
  return inside.length ? median(inside) : undefined;
}

// CPU ticks (user + system) and RssAnon of the recorder and of its FFmpeg child.
function sample(pid) {
  const ffPid = children(pid)[0];
  return { node: proc(pid), ffmpeg: ffPid ? proc(ffPid) : { ticks: 0, rssAnonKb: 0 } };
}
