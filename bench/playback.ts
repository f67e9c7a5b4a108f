// Playback benchmark (not a test): how long the server takes to build a playlist of an hour of
// merged minute files (60 fragment tables) and the activity strip of a whole day (1440 files),
// with the camera's files read from disk (cold: the first answer in a process, and with the files'
// pages dropped from the page cache by posix_fadvise) and from memory (warm: medians of RUNS).
// A real minute of 1080p (15 fps, a keyframe a second, 4 Mbit/s, AAC) is merged by
// `cams-manager merge`, then linked under the other 1439 names of its day with their index lines (the
// hour played and the minutes around it as sparse files of their own).
//
//   npm run build && npx tsc -p bench/tsconfig.json && node dist/bench/bench/playback.js [runs=5]
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, ftruncateSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { footageIndexPath, parseFootage } from '../src/merge/footage-index.js';
import { inspectMp4 } from '../src/mp4/inspect.js';
import { createFragmentTables } from '../src/web/fragment-table.js';
import { footageActivity, footagePlaylist } from '../src/web/footage-media.js';
import { makeSegments, segmentStem } from '../test/support/segments.js';

const RUNS = Number(process.argv[2] ?? 5);
const CLI = path.resolve(import.meta.dirname, '../../bin/cams-manager.js');
const root = mkdtempSync(path.join(tmpdir(), 'cams-playback-bench-'));
try {
  const now = new Date();
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 2); // local midnight, two days ago
  process.stderr.write('making and merging a minute of 1080p…\n');
  await makeSegments(path.join(root, 'segments'), { start: day, seconds: 60, size: '1920x1080', bitrate: '4M' });
  const config = path.join(root, 'config.yaml');
  writeFileSync(config, `cameras:\n  - name: bench\n    rtsp_url: rtsp://127.0.0.1/none\n    output_dir: ${root}\nrecording:\n  merge_delay: 0\n`);
  const merge = spawnSync(process.execPath, [CLI, 'merge', '-c', config, '--all'], { encoding: 'utf8' });
  if (merge.status !== 0) throw new Error(`merge failed: ${merge.stderr}`);
  const [first] = readdirSync(path.join(root, 'merged'));
  const stamp = segmentStem(day).slice(0, 8);
  const line = parseFootage(readFileSync(footageIndexPath(root, stamp), 'utf8')).get(first!)!;
  const original = path.join(root, 'merged', first!);
  const heads = await sparseHeads(original);
  const names: string[] = [];
  for (let m = 1; m < 1440; m++) {
    const name = `${segmentStem(new Date(day.getTime() + m * 60_000)).slice(0, 13)}.mp4`;
    names.push(path.join(root, 'merged', name));
    // The hour played gets files of its own (sparse: only what a table reads is written), so that
    // dropping their pages makes each one read from the disk; the rest are links to the first.
    if (m >= 9 * 60 && m <= 11 * 60) writeSparse(names.at(-1)!, heads);
    else linkSync(original, names.at(-1)!);
    appendFileSync(footageIndexPath(root, stamp), JSON.stringify({ ...line, name, start: line.start + m * 60_000, end: line.end + m * 60_000 }) + '\n');
  }
  const camera = { name: 'bench', output_dir: root };
  const hour = [day.getTime() + 10 * 3_600_000, day.getTime() + 11 * 3_600_000] as const;
  const whole = [day.getTime(), day.getTime() + 86_400_000] as const;
  const dropPages = () => spawnSync('python3', ['-c', `import os, sys\nfor f in sys.argv[1:]:\n  fd = os.open(f, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)`, original, ...names]);

  const tables = createFragmentTables();
  dropPages();
  const firstPlaylist = await timed(() => footagePlaylist(camera, ...hour, tables)); // no catalogue caches yet, no tables
  const coldTables: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    dropPages();
    coldTables.push(await timed(() => footagePlaylist(camera, ...hour, createFragmentTables())));
  }
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await timed(() => footagePlaylist(camera, ...hour, tables)));
  const text = (await footagePlaylist(camera, ...hour, tables))!;
  const used = () => (globalThis.gc?.(), process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);
  const heapBefore = used();
  const dayTables = createFragmentTables();
  const dayCold = await timed(() => footagePlaylist(camera, ...whole, dayTables));
  const dayWarm = await timed(() => footagePlaylist(camera, ...whole, dayTables));
  const heapDay = used() - heapBefore;
  const activity: number[] = [];
  for (let i = 0; i < RUNS; i++) activity.push(await timed(() => footageActivity(camera, ...whole, 60_000, tables)));
  const strip = await footageActivity(camera, ...whole, 60_000, tables);

  const size = readFileSync(path.join(root, 'merged', first!)).length;
  console.log(`a merged minute: ${(size / 1e6).toFixed(1)} MB, ${(text.match(/#EXTINF/g)!.length / 60).toFixed(0)} fragments; playlist of an hour: ${text.match(/#EXTINF/g)!.length} fragments, ${(text.length / 1024).toFixed(0)} KiB`);
  console.log(`playlist of an hour, first in the process (catalogue caches made, 60 tables read, pages dropped): ${firstPlaylist.toFixed(1)} ms`);
  console.log(`playlist of an hour, 60 tables read (pages dropped before each): median ${median(coldTables).toFixed(1)} ms (${coldTables.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`playlist of an hour, tables in memory: median ${median(warm).toFixed(1)} ms`);
  console.log(`playlist of a day (1440 tables; the files' pages in memory): ${dayCold.toFixed(0)} ms the first time, ${dayWarm.toFixed(0)} ms the second; its tables hold ${(heapDay / 1e6).toFixed(1)} MB (heap and array buffers)${globalThis.gc ? '' : ' (run with --expose-gc for an exact figure)'}`);
  console.log(`activity of a day (1440 merged files, 1440 buckets of 60 s; ${strip.filter((v) => v !== null).length} with footage): median ${median(activity).toFixed(1)} ms`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

// The bytes of a file a fragment table reads: everything up to the first fragment, and each
// moof with its mdat's header; the size of the file.
async function sparseHeads(file: string): Promise<{ size: number; pieces: Array<[number, Buffer]> }> {
  const info = await inspectMp4(file);
  const bytes = readFileSync(file);
  const pieces: Array<[number, Buffer]> = [[0, bytes.subarray(0, info.fragments[0]!.start)]];
  for (const f of info.fragments) pieces.push([f.start, bytes.subarray(f.start, f.start + f.size + 16)]);
  return { size: bytes.length, pieces };
}

function writeSparse(file: string, heads: { size: number; pieces: Array<[number, Buffer]> }): void {
  const fd = openSync(file, 'wx');
  try {
    for (const [at, piece] of heads.pieces) writeSync(fd, piece, 0, piece.length, at);
    ftruncateSync(fd, heads.size);
  } finally {
    closeSync(fd);
  }
}

async function timed(body: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await body();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
