#!/usr/bin/env node
// bench/status-scan: times `cams-manager status --json` on a generated tree of 16 cameras with a
// week of merged minute files each (plus 2 minutes of segments), the size issue 6 asks for.
// Usage: node bench/status-scan.mjs [--cameras 16] [--days 7] [--keep]   (needs npm run build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' }, keep: { type: 'boolean' } } });
const cameras = Number(values.cameras);
const days = Number(values.days);
const root = mkdtempSync(path.join(tmpdir(), 'cams-status-bench-'));
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');
const p = (n, w = 2) => String(n).padStart(w, '0');
const stamp = (d, seconds) => `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${seconds ? p(d.getSeconds()) : ''}`;

const now = Date.now();
const minuteNow = now - (now % 60_000);
let files = 0;
const generated = performance.now();
const lines = ['cameras:'];
for (let c = 0; c < cameras; c++) {
  const dir = path.join(root, `cam${c}`);
  mkdirSync(path.join(dir, 'merged'), { recursive: true });
  mkdirSync(path.join(dir, 'segments'), { recursive: true });
  for (let m = days * 1440; m >= 3; m--) (writeFileSync(path.join(dir, 'merged', `${stamp(new Date(minuteNow - m * 60_000), false)}.mp4`), 'x'.repeat(100)), files++);
  for (let s = 180; s >= 2; s -= 2) (writeFileSync(path.join(dir, 'segments', `${stamp(new Date(now - s * 1000), true)}.mp4`), 'x'), files++);
  lines.push(`  - {name: cam${c}, rtsp_url: "rtsp://admin:pw@127.0.0.1/cam${c}", output_dir: cam${c}}`);
}
writeFileSync(path.join(root, 'config.yaml'), lines.join('\n') + '\n');
console.log(`generated ${files} files for ${cameras} cameras in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  let out = '';
  try {
    out = execFileSync(process.execPath, [CLI, 'status', '--json', '-c', path.join(root, 'config.yaml')], { encoding: 'utf8' });
  } catch (error) {
    out = error.stdout; // exit 3: nothing is recording in a generated tree
  }
  const ms = performance.now() - t0;
  const doc = JSON.parse(out);
  console.log(`run ${run}: status --json took ${ms.toFixed(0)} ms (whole process); cam0 coverage_today ${doc.cameras[0].coverage_today}, bytes ${doc.cameras[0].bytes}`);
}
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`tree kept in ${root}`);
