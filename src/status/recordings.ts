// What is on disk for one camera, for `status`: how many files and bytes, and the oldest and newest
// footage, from the names in segments/ and merged/, plus the sizes of at most SIZE_SAMPLE files per
// folder (stat-ing a week of files would take seconds). What today's footage covers comes from the
// footage catalogue (footage-today.ts).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readFootage, type FootageLine } from '../merge/footage-index.js';
import { cameraDirs } from '../recorder/files.js';
import { parseMergedName, parseSegmentName } from '../recorder/naming.js';
import { intervalsOf, type FileKind } from './name-intervals.js';

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

// Scans a camera's output folder (names only, sizes sampled).
export function scanRecordings(outputDir: string, segmentSeconds: number): DiskRecordings {
  const dirs = cameraDirs(outputDir);
  const kinds: Array<[FileKind, string]> = [['segment', dirs.segments], ['merged', dirs.merged]];
  const quarantined = listMp4(dirs.quarantine);
  const quarantine = { files: quarantined.length, bytes: sizeOf(dirs.quarantine, quarantined).bytes };
  const result: DiskRecordings = { files: 0, segments: 0, bytes: 0, bytesEstimated: false, newestEnd: null, oldestStart: null, quarantine };
  for (const [kind, dir] of kinds) {
    const names = listMp4(dir);
    if (names.length === 0) continue;
    result.files += names.length;
    if (kind === 'segment') result.segments = names.length;
    const size = sizeOf(dir, names);
    result.bytes += size.bytes;
    result.bytesEstimated ||= size.estimated;
    const span = spanOf(names, kind);
    const newestFootage = kind === 'merged' ? readFootage(outputDir, span.newest.slice(0, 8)) : undefined;
    const newest = intervalsWithFootage([span.newest], kind, segmentSeconds, newestFootage)[0]?.end ?? null;
    const oldest = (kind === 'segment' ? parseSegmentName : parseMergedName)(span.oldest)?.start.getTime() ?? null;
    if (newest !== null) result.newestEnd = Math.max(result.newestEnd ?? newest, newest);
    if (oldest !== null) result.oldestStart = Math.min(result.oldestStart ?? oldest, oldest);
  }
  return result;
}

// Merged files the merge's footage index knows get their real span; the rest their name's minute.
function intervalsWithFootage(names: string[], kind: FileKind, segmentSeconds: number, footage: Map<string, FootageLine> | undefined) {
  if (!footage?.size) return intervalsOf(names, kind, segmentSeconds);
  const known = names.filter((n) => footage.has(n)).map((n) => ({ start: footage.get(n)!.start, end: footage.get(n)!.end }));
  return [...known, ...intervalsOf(names.filter((n) => !footage.has(n)), kind, segmentSeconds)];
}

// The .mp4 names of a folder, unsorted (none when it does not exist).
function listMp4(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.mp4'));
  } catch {
    return [];
  }
}

// One pass, no sort of the whole folder: the oldest and newest name by the instants they stand for
// (in a fall-back's repeated hour the text of names does not sort in time).
// Each name is parsed once (a week of minutes is 10 000 names a camera, ~1 µs each).
function spanOf(names: string[], kind: FileKind): { oldest: string; newest: string } {
  const parse = kind === 'segment' ? parseSegmentName : parseMergedName;
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
function sizeOf(dir: string, names: string[]): { bytes: number; estimated: boolean } {
  const step = Math.max(1, names.length / SIZE_SAMPLE);
  let sum = 0;
  let seen = 0;
  for (let i = 0; i < names.length; i += step) {
    const info = statSync(path.join(dir, names[Math.floor(i)]!), { throwIfNoEntry: false });
    if (info) (sum += info.size, seen++);
  }
  if (step === 1) return { bytes: sum, estimated: false };
  return { bytes: seen ? Math.round((sum / seen) * names.length) : 0, estimated: true };
}
