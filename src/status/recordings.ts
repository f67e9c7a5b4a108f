// What is on disk for one camera, for `status`: how many files and bytes, and the oldest and newest
// footage. merged/ (a week is 10 000 files a camera) is counted through the footage catalogue's
// caches (merged-files.ts): each file's bytes from its footage-index line, nothing stat'ed while a
// day's names and index are unchanged. segments/ and quarantine/ hold few files: their names and
// sizes, at most SIZE_SAMPLE stat'ed per folder (the rest estimated). Nothing here blocks: folders
// are listed and files stat'ed through the thread pool. What today's footage covers comes from the
// footage catalogue (footage-today.ts).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readMergedTotals } from '../footage/merged-files.js';
import { cameraDirs } from '../recorder/files.js';
import { parseSegmentName } from '../recorder/naming.js';
import { intervalsOf } from './name-intervals.js';

export const SIZE_SAMPLE = 200;

export interface DiskRecordings {
  files: number;
  segments: number; // of the files, those in segments/: waiting to be merged
  bytes: number;
  bytesEstimated: boolean; // true when sizes were sampled, not all summed
  newestEnd: number | null; // ms: end of the newest segment or merged minute
  oldestStart: number | null; // ms
  quarantine: { files: number; bytes: number }; // files the checks refused, kept for retention_days
}

export interface Recordings extends DiskRecordings {
  coverageToday: number; // 0–1 of today's elapsed time
  gapsToday: number;
}

// Scans a camera's output folder.
export async function scanRecordings(outputDir: string, segmentSeconds: number): Promise<DiskRecordings> {
  const dirs = cameraDirs(outputDir);
  const [quarantined, segments, merged] = await Promise.all([listMp4(dirs.quarantine), listMp4(dirs.segments), readMergedTotals(outputDir, dirs.merged)]);
  const [quarantineSize, segmentSize] = await Promise.all([sizeOf(dirs.quarantine, quarantined), sizeOf(dirs.segments, segments)]);
  const span = segments.length > 0 ? spanOf(segments) : undefined;
  const newestSegment = span && intervalsOf([span.newest], 'segment', segmentSeconds)[0]?.end;
  const oldestSegment = span && parseSegmentName(span.oldest)?.start.getTime();
  return {
    files: merged.files + segments.length,
    segments: segments.length,
    bytes: merged.bytes + segmentSize.bytes,
    bytesEstimated: segmentSize.estimated,
    newestEnd: extreme(Math.max, merged.newestEnd, newestSegment),
    oldestStart: extreme(Math.min, merged.oldestStart, oldestSegment),
    quarantine: { files: quarantined.length, bytes: quarantineSize.bytes },
  };
}

function extreme(pick: (a: number, b: number) => number, a: number | null, b: number | undefined): number | null {
  if (b === undefined) return a;
  return a === null ? b : pick(a, b);
}

// The .mp4 names of a folder, unsorted (none when it does not exist).
async function listMp4(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.mp4'));
}

// One pass, no sort of the whole folder: the oldest and newest name by the instants they stand for
// (in a fall-back's repeated hour the text of names does not sort in time).
// Each name is parsed once (a week of minutes is 10 000 names a camera, ~1 µs each).
function spanOf(names: string[]): { oldest: string; newest: string } {
  const parse = parseSegmentName;
  let oldest = names[0]!; // a stray user file.mp4 names no time: kept only when no name does
  let newest = oldest;
  let [oldestTime, newestTime] = [Infinity, -Infinity];
  for (const name of names) {
    const time = parse(name)?.start.getTime();
    if (time === undefined) continue;
    if (time < oldestTime) [oldest, oldestTime] = [name, time];
    if (time > newestTime) [newest, newestTime] = [name, time];
  }
  return { oldest, newest };
}

// Sum of sizes: exact for small folders, else the mean of an even sample times the count.
async function sizeOf(dir: string, names: string[]): Promise<{ bytes: number; estimated: boolean }> {
  const step = Math.max(1, names.length / SIZE_SAMPLE);
  const sample: string[] = [];
  for (let i = 0; i < names.length; i += step) sample.push(names[Math.floor(i)]!);
  const sizes = await Promise.all(sample.map((n) => stat(path.join(dir, n)).then((s) => s.size, () => undefined)));
  let sum = 0;
  let seen = 0;
  for (const size of sizes) if (size !== undefined) (sum += size, seen++);
  if (step === 1) return { bytes: sum, estimated: false };
  return { bytes: seen ? Math.round((sum / seen) * names.length) : 0, estimated: true };
}
