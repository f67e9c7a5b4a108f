#!/usr/bin/env node
// bench/offsite-plan: the off-site plan and state for a realistic week of backlog, in process:
// 16 cameras × 7 days of merged minutes (10 080 per camera) plus the last hour's 2-second segments
// (1 800 per camera) not merged yet. Measures, as medians of 5:
// - plan, nothing off-site (the whole week pending) and steady (all off-site but the newest
//   segment), for all cameras; and steady for the newest 10 minutes only (what the uploader plans
//   at each new segment, `from`);
// - the state: its log's size per camera (a snapshot), the time to read it back, and the heap the
//   16 cameras' states hold;
// - the heap one plan of the whole backlog takes (its actions) beyond its inputs.
// Usage: node --expose-gc bench/offsite-plan.mjs [--cameras 16] [--days 7]   (needs npm run build)
import { parseArgs } from 'node:util';
import { planOffsite } from '../dist/offsite/plan.js';
import { applyEvent, emptyState, parseStateLog, snapshotText } from '../dist/offsite/state-events.js';
import { remotePathOf } from '../dist/offsite/remote-path.js';
import { minuteStamp, segmentFileName } from '../dist/recorder/naming.js';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '16' }, days: { type: 'string', default: '7' } } });
const cameras = Array.from({ length: Number(values.cameras) }, (_, i) => `cam${i + 1}`);
const days = Number(values.days);
const gc = globalThis.gc ?? (() => undefined);
if (!globalThis.gc) console.log('(run with node --expose-gc for heap figures)');
const now = Date.now();
const hourAgo = now - (now % 60_000) - 3_600_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const heap = () => (gc(), process.memoryUsage().heapUsed);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

// A camera's files: merged minutes of `days` up to an hour ago, then 2-second segments.
function filesOf(camera) {
  const dir = `/srv/cams/${camera}`;
  const files = [];
  for (let t = hourAgo - days * 86_400_000; t < hourAgo; t += 60_000) {
    files.push({ path: `${dir}/merged/${minuteStamp(t)}.mp4`, kind: 'merged', start: t, end: t + 60_000, bytes: 7_500_000, exact: true });
  }
  for (let t = hourAgo; t < now - 2000; t += 2000) {
    files.push({ path: `${dir}/segments/${segmentFileName(t)}`, kind: 'segment', start: t, end: t + 2000, bytes: 250_000, exact: true });
  }
  return files;
}

// The state with every file but the newest on the remote (md5 hashes, as B2 or SFTP give).
function stateOf(camera, files) {
  const state = emptyState();
  for (const f of files.slice(0, -1)) {
    const hash = `md5:${(f.start % 1e15).toString(16).padStart(32, '0')}`;
    applyEvent(state, { op: 'put', path: remotePathOf(camera, f.path), size: f.bytes, hash, start: f.start, end: f.end, at: f.end + 3000 });
  }
  return state;
}

const files = new Map(cameras.map((c) => [c, filesOf(c)]));
const perCamera = files.get(cameras[0]).length;
console.log(`${cameras.length} cameras × ${days} days: ${perCamera} files per camera (${perCamera - 1800} merged minutes + 1 800 segments)`);

// Each state as the uploader holds it: read back from its log.
const snapshots = cameras.map((c) => snapshotText(stateOf(c, files.get(c))));
const before = heap();
const states = new Map(cameras.map((c, i) => [c, parseStateLog(snapshots[i])]));
const stateHeap = heap() - before;
const snapshot = snapshots[0];
const reads = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  parseStateLog(snapshot);
  reads.push(performance.now() - t);
}
console.log(`state: ${mb(Buffer.byteLength(snapshot))} per camera (${states.get(cameras[0]).entries.size} entries), read back in ${median(reads).toFixed(0)} ms; heap of all ${cameras.length} states ${mb(stateHeap)} (${Math.round(stateHeap / cameras.length / perCamera)} bytes an entry)`);

function timePlans(label, stateFor, from) {
  const times = [];
  let actions = 0;
  const filesOf = (camera) => (from === undefined ? files.get(camera) : files.get(camera).filter((f) => f.end > from));
  for (let run = 0; run < 5; run++) {
    const t = performance.now();
    actions = 0;
    for (const camera of cameras) actions += planOffsite({ camera, files: filesOf(camera), state: stateFor(camera), retentionDays: 30, now, from }).actions.length;
    times.push(performance.now() - t);
  }
  console.log(`plan ${label}: ${median(times).toFixed(0)} ms for ${cameras.length} cameras (${(median(times) / cameras.length).toFixed(1)} ms each), ${actions} actions`);
}

timePlans('with nothing off-site (a week of backlog)', () => emptyState());
timePlans('steady (all off-site but the newest segment)', (c) => states.get(c));
timePlans('steady, of the newest 10 minutes only (`from`)', (c) => states.get(c), now - 600_000);

const empty = emptyState();
const planBefore = heap();
const held = planOffsite({ camera: cameras[0], files: files.get(cameras[0]), state: empty, retentionDays: 30, now });
console.log(`heap of one camera's whole-backlog plan: ${mb(heap() - planBefore)} (${held.actions.length} actions, lag ${(held.lagSeconds / 86_400).toFixed(1)} days, ${mb(held.pendingBytes)} pending)`);
