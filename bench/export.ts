// Export benchmark (not a test): an hour of 1080p footage as the merge leaves it (60 merged minute
// files with their footage-index lines), exported whole to one MP4 by the built CLI, beside `cat`
// of the same bytes and beside what a user would do by hand: FFmpeg's concat demuxer over the
// minute files with -ss/-to, stream copy, +faststart (as Frigate exports). Each writes a file on
// the same disk and is followed by an fsync of it (export does its own), from a warm cache.
// Prints the medians of --runs runs (seconds, MB/s of the minute files read) and the ratios.
//
// The footage: one minute of 1080p25 (x264 at --bitrate, a keyframe every 2 s, AAC) encoded once,
// cut into 2-second fragmented segments as the recorder cuts them, copied under the names of each
// minute of the hour, then merged by `cams-manager merge` (the real merge and footage index).
//
//   npm run bench:export -- [--runs 5] [--minutes 60] [--bitrate 4M] [--keep]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseSegmentName, segmentFileName } from '../src/recorder/naming.js';
import { makeSegments, minuteAgo } from '../test/support/segments.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, minutes: { type: 'string', default: '60' }, bitrate: { type: 'string', default: '4M' }, keep: { type: 'boolean' } } });
const RUNS = Number(values.runs);
const MINUTES = Number(values.minutes);
const CLI = path.resolve(import.meta.dirname, '../../bin/cams-manager.js');

const root = mkdtempSync(path.join(tmpdir(), 'cams-bench-export-'));
try {
  const camera = path.join(root, 'cam');
  const start = minuteAgo(MINUTES + 10);
  const config = path.join(root, 'config.yaml');
  writeFileSync(config, `cameras:\n  - name: bench\n    rtsp_url: rtsp://127.0.0.1/none\n    output_dir: ${camera}\nrecording:\n  merge_delay: 0\n`);
  const madeIn = performance.now();
  await makeHour(camera, start, config);
  const merged = readdirSync(path.join(camera, 'merged')).filter((n) => n.endsWith('.mp4')).sort().map((n) => path.join(camera, 'merged', n));
  const bytes = merged.reduce((n, f) => n + statSync(f).size, 0);
  process.stderr.write(`made ${merged.length} merged minutes, ${(bytes / 1e6).toFixed(0)} MB, in ${((performance.now() - madeIn) / 1000).toFixed(0)} s\n`);

  const from = start.toISOString();
  const to = new Date(start.getTime() + MINUTES * 60_000).toISOString();
  const list = path.join(root, 'list.txt');
  writeFileSync(list, merged.map((f) => `file '${f}'\n`).join(''));
  const out = path.join(root, 'out');
  mkdirSync(out);
  const commands = {
    export: [process.execPath, CLI, 'export', 'bench', '-c', config, '--from', from, '--to', to, '-o', path.join(out, 'export.mp4')],
    cat: ['sh', '-c', `cat "$@" > ${path.join(out, 'cat.out')} && sync ${path.join(out, 'cat.out')}`, 'cat', ...merged],
    ffmpeg: ['sh', '-c', `ffmpeg -v error -nostdin -f concat -safe 0 -i ${list} -ss 0 -to ${MINUTES * 60} -c copy -movflags +faststart ${path.join(out, 'ffmpeg.mp4')} && sync ${path.join(out, 'ffmpeg.mp4')}`],
  };
  const results: Record<keyof typeof commands, number[]> = { export: [], cat: [], ffmpeg: [] };
  const sizes: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    spawnSync('cat', merged, { stdio: ['ignore', 'ignore', 'inherit'] }); // a warm cache for all three
    const order = Object.entries(commands) as Array<[keyof typeof commands, string[]]>;
    for (const [name, [command, ...args]] of [...order.slice(run % 3), ...order.slice(0, run % 3)]) { // each follows each in turn
      const started = performance.now();
      const result = spawnSync(command!, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      if (result.status !== 0) throw new Error(`${name} failed (exit ${result.status})`);
      results[name].push((performance.now() - started) / 1000);
      for (const f of readdirSync(out)) {
        sizes[name] = statSync(path.join(out, f)).size;
        rmSync(path.join(out, f));
      }
    }
  }
  const line = (name: keyof typeof commands, label: string) => {
    const s = median(results[name]);
    return `${label.padEnd(50)} ${s.toFixed(2).padStart(6)} s  ${(bytes / 1e6 / s).toFixed(0).padStart(5)} MB/s  (runs: ${results[name].map((x) => x.toFixed(2)).join(' ')}; wrote ${(sizes[name]! / 1e6).toFixed(0)} MB)`;
  };
  console.log(`${MINUTES} merged minutes of 1080p25 at ${values.bitrate}bit/s + AAC: ${(bytes / 1e6).toFixed(0)} MB; medians of ${RUNS} runs, warm cache, each output fsync'd`);
  console.log(line('export', 'cams-manager export (one regular MP4, process)'));
  console.log(line('cat', 'cat of the same bytes'));
  console.log(line('ffmpeg', 'ffmpeg concat demuxer -ss/-to -c copy +faststart'));
  console.log(`export / cat: ${(median(results.cat) / median(results.export)).toFixed(2)}× the speed of cat; export / ffmpeg: ${(median(results.ffmpeg) / median(results.export)).toFixed(1)}× the speed of ffmpeg`);
} finally {
  if (values.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

// One minute encoded and cut into segments, copied under the names of every minute of the hour,
// then merged by the CLI into merged/ with the footage index.
async function makeHour(camera: string, start: Date, config: string): Promise<void> {
  const minute = path.join(camera, 'minute');
  const segments = path.join(camera, 'segments');
  await makeSegments(minute, { start, seconds: 60, size: '1920x1080', fps: 25, keyframeSeconds: 2, bitrate: values.bitrate! });
  mkdirSync(segments, { recursive: true });
  for (const name of readdirSync(minute)) {
    const at = parseSegmentName(name)!.start.getTime();
    for (let m = 0; m < MINUTES; m++) copyFileSync(path.join(minute, name), path.join(segments, segmentFileName(at + m * 60_000)));
  }
  rmSync(minute, { recursive: true });
  const merge = spawnSync(process.execPath, [CLI, 'merge', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (merge.status !== 0) throw new Error(`cams-manager merge failed (exit ${merge.status})`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
