// Export benchmark (not a test): writes every sample of a fragmented 1080p file of about SIZE MB
// into a regular faststart MP4 (readSamples + writeRegularMp4, in this process) and into a
// fragmented MP4 (readSamples + writeFragmentedMp4), and again the regular MP4 with the text track
// of --timestamps (a cue a second) beside the copied tracks, and prints their throughput beside
// `cat` of the same bytes (read, write, fsync) in the same run. Medians of RUNS.
// The input is a merged file as the merge writes it: a short 1080p encode joined to itself.
//
//   npm run bench:write-regular -- [size=300] [runs=3] [bitrate=4M]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectMp4 } from '../src/mp4/inspect.js';
import { joinMp4 } from '../src/mp4/join.js';
import { readSamples } from '../src/mp4/read-samples.js';
import { writeFragmentedMp4 } from '../src/mp4/write-fragmented.js';
import type { Sample } from '../src/mp4/samples.js';
import { writeRegularMp4, type TrackSelection } from '../src/mp4/write-regular.js';
import { timestampTrack } from '../src/export/timestamp-cues.js';
import { makeSegments, minuteAgo } from '../test/support/segments.js';

const SIZE_MB = Number(process.argv[2] ?? 300);
const RUNS = Number(process.argv[3] ?? 3);
const BITRATE = process.argv[4] ?? '4M'; // of the video: a camera's 1080p is 2–8 Mbit/s

const root = mkdtempSync(path.join(tmpdir(), 'cams-bench-export-'));
try {
  process.stderr.write(`making a ${SIZE_MB} MB fragmented 1080p file (15 fps, ${BITRATE}bit/s, AAC)…\n`);
  const input = await makeInput(root);
  const bytes = statSync(input).size;
  const results = { cat: [] as number[], read: [] as number[], write: [] as number[], fragmented: [] as number[], stamped: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    spawnSync('cat', [input], { stdio: ['ignore', 'ignore', 'inherit'] }); // a warm cache for both
    const cat = path.join(root, `cat${run}.out`);
    const started = performance.now();
    spawnSync('sh', ['-c', `cat "${input}" > "${cat}" && sync "${cat}"`], { stdio: 'inherit' });
    results.cat.push((performance.now() - started) / 1000);
    rmSync(cat);
    // The writers take turns going first, so neither always finds the other's pages in the cache.
    const writers = [() => timeRegular(input, run, results), () => timeFragmented(input, run, results), () => timeStamped(input, run, results)];
    for (const write of run % 2 ? writers.reverse() : writers) {
      spawnSync('cat', [input], { stdio: ['ignore', 'ignore', 'inherit'] });
      await write();
    }
  }
  const mbps = (seconds: number) => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`;
  console.log(`input: ${(bytes / 1e6).toFixed(0)} MB of 1080p at ${BITRATE}bit/s; medians of ${RUNS} runs`);
  console.log(`cat (read + write + fsync):            ${mbps(median(results.cat))}`);
  console.log(`readSamples + writeRegularMp4 (fsync): ${mbps(median(results.write))}, of which readSamples ${median(results.read).toFixed(3)} s`);
  console.log(`readSamples + writeFragmentedMp4 (fsync): ${mbps(median(results.fragmented))}`);
  console.log(`the regular MP4 with --timestamps' text track: ${mbps(median(results.stamped))}`);
  console.log(`runs (s): cat ${results.cat.map((t) => t.toFixed(2)).join(' ')}; mp4 ${results.write.map((t) => t.toFixed(2)).join(' ')}; fmp4 ${results.fragmented.map((t) => t.toFixed(2)).join(' ')}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

interface Results {
  read: number[];
  write: number[];
  fragmented: number[];
  stamped: number[];
}

// readSamples + writeRegularMp4 of every sample, in seconds.
async function timeRegular(input: string, run: number, results: Results): Promise<void> {
  const output = path.join(root, `export${run}.mp4`);
  const t0 = performance.now();
  const { tracks, info } = await readSamples(input);
  const t1 = performance.now();
  await writeRegularMp4({ moov: info.moov, tracks: everySample(tracks, input), creationTime: new Date() }, output);
  results.read.push((t1 - t0) / 1000);
  results.write.push((performance.now() - t0) / 1000);
  rmSync(output);
}

// readSamples + writeFragmentedMp4 of every sample, in seconds.
async function timeFragmented(input: string, run: number, results: Results): Promise<void> {
  const output = path.join(root, `fragmented${run}.mp4`);
  const t0 = performance.now();
  const { tracks, info } = await readSamples(input);
  await writeFragmentedMp4({ moov: info.moov, tracks: everySample(tracks, input), creationTime: new Date() }, output);
  results.fragmented.push((performance.now() - t0) / 1000);
  rmSync(output);
}

// readSamples + writeRegularMp4 of every sample and a timestamps track over them, in seconds.
async function timeStamped(input: string, run: number, results: Results): Promise<void> {
  const output = path.join(root, `stamped${run}.mp4`);
  const t0 = performance.now();
  const { tracks, info } = await readSamples(input);
  const video = info.tracks.find((t) => t.kind === 'video')!;
  const ms = ((tracks.get(video.id) ?? []).reduce((n, s) => n + s.duration, 0) * 1000) / video.timescale;
  const start = Date.now();
  const stamps = timestampTrack(start, start + ms, Math.max(...info.tracks.map((t) => t.id)) + 1);
  await writeRegularMp4({ moov: info.moov, tracks: [...everySample(tracks, input), stamps], creationTime: new Date() }, output);
  results.stamped.push((performance.now() - t0) / 1000);
  rmSync(output);
}

function everySample(tracks: Map<number, Sample[]>, file: string): TrackSelection[] {
  return [...tracks].map(([trackId, samples]) => ({ trackId, samples: samples.map((s) => ({ ...s, file })), edits: [] }));
}

// A few seconds of 1080p cut into segments and joined, repeated until the file is SIZE_MB.
async function makeInput(dir: string): Promise<string> {
  const segments = path.join(dir, 'segments');
  await makeSegments(segments, { start: minuteAgo(10), seconds: 4, size: '1920x1080', bitrate: BITRATE });
  const parts = await Promise.all(readdirSync(segments).sort().map((f) => inspectMp4(path.join(segments, f))));
  const partBytes = parts.reduce((n, p) => n + p.size, 0);
  const copies = Math.max(1, Math.round((SIZE_MB * 1e6) / partBytes));
  const input = path.join(dir, 'input.mp4');
  await joinMp4(Array.from({ length: copies }, () => parts).flat(), input, { start: new Date().toISOString(), sources: [] });
  return input;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
