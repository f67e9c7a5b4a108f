#!/usr/bin/env node
// bench/catalogue: how long the footage catalogue takes to answer for 16 cameras × 7 days of
// merged minute files (with their footage-index lines, a gap every 3 hours): the size issue 12
// asks to answer in under 100 ms. In process (all cameras, the whole week): the first answer
// (no caches), the median of 5 with the caches, the median of 5 just after a minute was added to
// every camera behind the caches' back, and of 5 after the merge added one (and refreshed them as
// `cams-manager merge` does); then `cams-manager footage --from -7d [--json]` as a process.
// Usage: node bench/catalogue.mjs [--cameras 16] [--days 7] [--keep]   (needs npm run build)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../dist/footage/catalogue.js';
import { readFootageFiles } from '../dist/footage/read-files.js';
import { minuteStamp } from '../dist/recorder/naming.js';
import { addMinute, generateFootage } from './footage-week.mjs';

// How long after a change a listing of merged/ is trusted (0 in builds without the caches: the
// script also measures them, for a baseline).
const { RACY_MS } = await import('../dist/footage/merged-cache.js').catch(() => ({ RACY_MS: 0 }));
const { refreshMergedCaches } = await import('../dist/footage/merged-files.js').catch(() => ({}));
const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' }, keep: { type: 'boolean' } } });
const cameras = Number(values.cameras);
const days = Number(values.days);
const root = mkdtempSync(path.join(tmpdir(), 'cams-catalogue-bench-'));
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cams-manager.js');
const now = Date.now();
const minuteNow = now - (now % 60_000);

const generated = performance.now();
generateFootage(root, { cameras, days, minuteNow });
const generatedAt = Date.now();
console.log(`generated ${cameras} cameras × ${days} days (${cameras * days * 1440} merged files) in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const from = now - days * 86_400_000;
let runs = 0;
const catalogue = async () => {
  const t = performance.now();
  runs = 0;
  const all = await Promise.all(Array.from({ length: cameras }, (_, c) => readFootageFiles(path.join(root, `cam${c}`), from, now)));
  for (const files of all) runs += buildCatalogue(files, from, now).runs.length;
  return performance.now() - t;
};
const cold = await catalogue(); // lists merged/ and parses every index: no cache yet
await new Promise((resolve) => setTimeout(resolve, Math.max(0, generatedAt + RACY_MS - Date.now()))); // a listing is trusted this long after a change only
const first = await catalogue(); // lists again, now saves the listing
const warm = [];
for (let i = 0; i < 5; i++) warm.push(await catalogue());
const afterChange = [];
const afterMerge = [];
for (let i = 0; i < 5; i++) {
  for (let c = 0; c < cameras; c++) addMinute(path.join(root, `cam${c}`), minuteNow - (8 - i) * 60_000); // a minute more, the caches not told
  afterChange.push(await catalogue());
  await new Promise((resolve) => setTimeout(resolve, 60)); // the cache of the listing above is saved (the folder had settled)
}
for (let i = 0; i < 5; i++) {
  const dirs = Array.from({ length: cameras }, (_, c) => path.join(root, `cam${c}`));
  for (const dir of dirs) addMinute(dir, minuteNow - (3 - i) * 60_000); // what the merge adds each minute…
  await Promise.all(dirs.map((dir) => refreshMergedCaches?.(dir, path.join(dir, 'merged'), minuteStamp(from).slice(0, 8), minuteStamp(now).slice(0, 8)))); // …and what it does then
  afterMerge.push(await catalogue());
}
console.log(`catalogue of ${cameras} cameras × ${days} days (${runs} runs), in process: ${cold.toFixed(0)} ms without caches (they are written), ${first.toFixed(0)} ms with day caches; median ${median(warm).toFixed(0)} ms with the caches (runs: ${warm.map((t) => t.toFixed(0)).join(' ')}); median ${median(afterChange).toFixed(0)} ms after a file was added to every camera's merged/ by something else than the merge (merged/ listed again, today's index parsed again); median ${median(afterMerge).toFixed(0)} ms after \`cams-manager merge\` added one (it refreshes the caches)`);
const asProcess = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [CLI, 'footage', '-c', path.join(root, 'config.yaml'), '--from', `-${days}d`, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  asProcess.push(performance.now() - t);
}
const summary = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [CLI, 'footage', '-c', path.join(root, 'config.yaml'), '--from', `-${days}d`], { stdio: ['ignore', 'ignore', 'inherit'] });
  summary.push(performance.now() - t);
}
console.log(`as a process (Node start-up included): \`cams-manager footage --from -${days}d\` (a line per camera): median ${median(summary).toFixed(0)} ms; with --json (every file): median ${median(asProcess).toFixed(0)} ms`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
else console.log(`kept ${root}`);
