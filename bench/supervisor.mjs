#!/usr/bin/env node
// bench/supervisor: `cams-manager run` over N simulated 1080p cameras for a while; prints the
// supervisor's own CPU and private memory (RssAnon) beside its recorders' (the median one), which
// it must stay below (issue 16). Its merge and clean children are not counted: they are the jobs
// the timers run under systemd too.
// Usage: node bench/supervisor.mjs [--cameras 8] [--seconds 120]   (after npm run build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../dist/sim/camera-sim.js';
import { children, median, proc, sleep, TICKS } from './proc-sample.mjs';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '8' }, seconds: { type: 'string', default: '120' } } });
const N = Number(values.cameras);
const SECONDS = Number(values.seconds);
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');

const dir = mkdtempSync(path.join(tmpdir(), 'cams-bench-run-'));
const sims = [];
let run;
try {
  for (let i = 0; i < N; i++) sims.push(await startSimulator({ width: 1920, height: 1080, fps: 25, audio: 'pcma' }));
  const lines = ['cameras:'];
  sims.forEach((s, i) => lines.push(`  - {name: cam${i + 1}, rtsp_url: "${s.url}", output_dir: cam${i + 1}}`));
  writeFileSync(path.join(dir, 'config.yaml'), lines.join('\n') + '\n');
  run = spawn(process.execPath, [CLI, 'run', '-c', path.join(dir, 'config.yaml')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let recording = 0;
  await new Promise((resolve) => run.stderr.on('data', (d) => (recording += (String(d).match(/: recording$/gm) ?? []).length) >= N && resolve()));
  await sleep(3000);
  const recorders = () => children(run.pid).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('record'));
  const before = { run: proc(run.pid), recorders: new Map(recorders().map((pid) => [pid, proc(pid)])) };
  const mem = { run: [], recorders: [] };
  const t0 = Date.now();
  while (Date.now() - t0 < SECONDS * 1000) {
    await sleep(5000);
    mem.run.push(proc(run.pid).rssAnonKb);
    mem.recorders.push(median(recorders().map((pid) => proc(pid).rssAnonKb)));
  }
  const wall = (Date.now() - t0) / 1000;
  const cpu = (a, b) => (100 * (b.ticks - a.ticks)) / TICKS / wall;
  const recorderCpu = median([...before.recorders].map(([pid, p]) => cpu(p, proc(pid))));
  const runCpu = cpu(before.run, proc(run.pid));
  console.log(`supervisor: cams-manager run with ${N} camera(s) 1920x1080@25 H.264 + G.711→AAC, ${wall.toFixed(0)} s, node ${process.version}`);
  console.log(`run itself:          CPU ${runCpu.toFixed(3)} % of a core, RssAnon median ${(median(mem.run) / 1024).toFixed(1)} MB (at the end ${(mem.run.at(-1) / 1024).toFixed(1)} MB)`);
  console.log(`a recorder (median): CPU ${recorderCpu.toFixed(3)} % of a core, RssAnon median ${(median(mem.recorders) / 1024).toFixed(1)} MB`);
  console.log(`run / one recorder: CPU ${(runCpu / recorderCpu).toFixed(2)}x, memory ${(median(mem.run) / median(mem.recorders)).toFixed(2)}x`);
} finally {
  if (run && run.exitCode === null) {
    run.kill('SIGTERM'); // every recorder finalises its segment, then run exits
    await new Promise((resolve) => run.once('exit', resolve));
  }
  await Promise.all(sims.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
