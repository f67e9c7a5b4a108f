// Export benchmark (not a test): writes every sample of a fragmented 1080p file of about SIZE MB
// into a regular faststart MP4 (readSamples + writeRegularMp4, in this process) and prints its
// throughput beside `cat` of the same bytes (read, write, fsync) in the same run, and again with
// the text track of --timestamps (a cue a second) beside the copied tracks. Medians of RUNS.
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
  const results = { cat: [] as number[], read: [] as number[], write: [] as number[], stamped: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    spawnSync('cat', [input], { stdio: ['ignore', 'ignore', 'inherit'] }); // a warm cache for both
    const cat = path.join(root, `cat${run}.out`);
    const started = performance.now();
    spawnSync('sh', ['-c', `cat "${input}" > "${cat}" && sync "${cat}"`], { stdio: 'inherit' });
    results.cat.push((performance.now() - started) / 1000);
    rmSync(cat);
    const output = path.join(root, `export${run}.mp4`);
    const t0 = performance.now();
    const { tracks, info } = await readSamples(input);
    const t1 = performance.now();
    const selection = [...tracks].map(([trackId, samples]) => ({ trackId, samples: samples.map((s) => ({ ...s, file: input })), edits: [] }));
    await writeRegularMp4({ moov: info.moov, tracks: selection, creationTime: new Date() }, output);
    const t2 = performance.now();
    results.read.push((t1 - t0) / 1000);
    results.write.push((t2 - t0) / 1000);
    rmSync(output);
    const t3 = performance.now();
    const again = await readSamples(input);
    const copied = [...again.tracks].map(([trackId, samples]) => ({ trackId, samples: samples.map((s) => ({ ...s, file: input })), edits: [] }));
    await writeRegularMp4({ moov: again.info.moov, tracks: [...copied, stampsFor(again.info.tracks, again.tracks)], creationTime: new Date() }, output);
    results.stamped.push((performance.now() - t3) / 1000);
    rmSync(output);
  }
  const mbps = (seconds: number) => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`;
  console.log(`input: ${(bytes / 1e6).toFixed(0)} MB of 1080p at ${BITRATE}bit/s; medians of ${RUNS} runs`);
  console.log(`cat (read + write + fsync):            ${mbps(median(results.cat))}`);
  console.log(`readSamples + writeRegularMp4 (fsync): ${mbps(median(results.write))}, of which readSamples ${median(results.read).toFixed(3)} s`);
  console.log(`the same with --timestamps' text track: ${mbps(median(results.stamped))}`);
} finally {
  rmSync(root, { recursive: true, force: true });
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

// The --timestamps track over the video's length, as an export of it from now would have.
function stampsFor(tracks: Awaited<ReturnType<typeof readSamples>>['info']['tracks'], samples: Map<number, Array<{ duration: number }>>): TrackSelection {
  const video = tracks.find((t) => t.kind === 'video')!;
  const ms = ((samples.get(video.id) ?? []).reduce((n, s) => n + s.duration, 0) * 1000) / video.timescale;
  const start = Date.now();
  return timestampTrack(start, start + ms, Math.max(...tracks.map((t) => t.id)) + 1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
