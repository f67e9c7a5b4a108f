#!/usr/bin/env node
// bench/catalogue: how long the footage catalogue takes to answer for 16 cameras × 7 days of
// merged minute files (with their footage-index lines) plus a few minutes of segments: the size
// issue 12 asks to answer in under 100 ms. Prints the median of 5 in-process runs (all cameras,
// the whole week) and of `cams-manager footage --from -7d --json` as a process.
// Usage: node bench/catalogue.mjs [--cameras 16] [--days 7] [--keep]   (needs npm run build)
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../dist/footage/catalogue.js';
import { readFootageFiles } from '../dist/footage/read-files.js';
import { minuteStamp } from '../dist/recorder/naming.js';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' }, keep: { type: 'boolean' } } });
const cameras = Number(values.cameras);
const days = Number(values.days);
const root = mkdtempSync(path.join(tmpdir(), 'cams-catalogue-bench-'));
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');
const now = Date.now();
const minuteNow = now - (now % 60_000);

const generated = performance.now();
const lines = ['cameras:'];
for (let c = 0; c < cameras; c++) {
  const dir = path.join(root, `cam${c}`);
  for (const sub of ['merged', 'segments', '.footage']) mkdirSync(path.join(dir, sub), { recursive: true });
  for (let m = days * 1440; m >= 3; m--) {
    const start = minuteNow - m * 60_000;
    const name = `${minuteStamp(start)}.mp4`;
    writeFileSync(path.join(dir, 'merged', name), 'x'.repeat(100));
    appendFileSync(path.join(dir, '.footage', `${name.slice(0, 8)}.jsonl`), JSON.stringify({ name, start, end: start + 60_000, format: 'h264 1920x1080 + aac', bytes: 100 }) + '\n');
  }
  lines.push(`  - {name: cam${c}, rtsp_url: "rtsp://127.0.0.1/cam${c}", output_dir: cam${c}}`);
}
writeFileSync(path.join(root, 'config.yaml'), lines.join('\n') + '\n');
console.log(`generated ${cameras} cameras × ${days} days (${cameras * days * 1440} merged files) in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const from = now - days * 86_400_000;
const inProcess = [];
let runs = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  runs = 0;
  const all = await Promise.all(Array.from({ length: cameras }, (_, c) => readFootageFiles(path.join(root, `cam${c}`), from, now)));
  for (const files of all) runs += buildCatalogue(files, from, now).runs.length;
  inProcess.push(performance.now() - t);
}
const asProcess = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [CLI, 'footage', '-c', path.join(root, 'config.yaml'), '--from', `-${days}d`, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  asProcess.push(performance.now() - t);
}
console.log(`catalogue of ${cameras} cameras × ${days} days (${runs} runs): median ${median(inProcess).toFixed(0)} ms in process; \`cams-manager footage --from -${days}d --json\`: median ${median(asProcess).toFixed(0)} ms as a process (Node start-up included)`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`kept ${root}`);
