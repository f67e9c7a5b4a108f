// What is on disk for one camera, for `status`: from the names in segments/ and merged/, plus the
// sizes of at most SIZE_SAMPLE files per folder (stat-ing a week of files would take seconds).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readFootage, type FootageLine } from '../merge/footage-index.js';
import { cameraDirs } from '../recorder/files.js';
import { dayPrefix, parseMergedName, parseSegmentName } from '../recorder/naming.js';
import { coverageOf, intervalsOf, startOfDay, type FileKind } from './coverage.js';

export const SIZE_SAMPLE = 200;

export interface Recordings {
  files: number;
  bytes: number;
  bytesEstimated: boolean; // true when sizes were sampled, not all summed
  newestEnd: number | null; // ms: end of the newest segment or merged minute
  oldestStart: number | null; // ms
  coverageToday: number; // 0–1 of today's elapsed time
  gapsToday: number;
  quarantine: { files: number; bytes: number }; // files the checks refused, kept for retention_days
}

// Scans a camera's output folder (names only, sizes sampled).
export function scanRecordings(outputDir: string, now: Date, segmentSeconds: number): Recordings {
  const dirs = cameraDirs(outputDir);
  const kinds: Array<[FileKind, string]> = [['segment', dirs.segments], ['merged', dirs.merged]];
  const from = startOfDay(now);
  const today = dayPrefix(now);
  const quarantined = listMp4(dirs.quarantine);
  const quarantine = { files: quarantined.length, bytes: sizeOf(dirs.quarantine, quarantined).bytes };
  const result: Recordings = { files: 0, bytes: 0, bytesEstimated: false, newestEnd: null, oldestStart: null, coverageToday: 0, gapsToday: 0, quarantine };
  const intervals = [];
  for (const [kind, dir] of kinds) {
    const names = listMp4(dir);
    if (names.length === 0) continue;
    result.files += names.length;
    const size = sizeOf(dir, names);
    result.bytes += size.bytes;
    result.bytesEstimated ||= size.estimated;
    const span = spanOf(names, today, kind);
    const footage = kind === 'merged' ? readFootage(outputDir, today) : undefined;
    intervals.push(...intervalsWithFootage(span.recent, kind, segmentSeconds, footage));
    const newestFootage = kind === 'merged' ? (span.newest.startsWith(today) ? footage : readFootage(outputDir, span.newest.slice(0, 8))) : undefined;
    const newest = intervalsWithFootage([span.newest], kind, segmentSeconds, newestFootage)[0]?.end ?? null;
    const oldest = (kind === 'segment' ? parseSegmentName : parseMergedName)(span.oldest)?.start.getTime() ?? null;
    if (newest !== null) result.newestEnd = Math.max(result.newestEnd ?? newest, newest);
    if (oldest !== null) result.oldestStart = Math.min(result.oldestStart ?? oldest, oldest);
  }
  const coverage = coverageOf(intervals, from, now.getTime());
  return { ...result, coverageToday: coverage.share, gapsToday: coverage.gaps };
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
// (in a fall-back's repeated hour the text of names does not sort in time), and today's names
// with the last one before today (it may run past midnight).
function spanOf(names: string[], today: string, kind: FileKind): { oldest: string; newest: string; recent: string[] } {
  const parse = kind === 'segment' ? parseSegmentName : parseMergedName;
  const time = (name: string) => parse(name)?.start.getTime() ?? Number.NaN;
  const first = names.find((n) => !Number.isNaN(time(n))) ?? names[0]!; // a stray user file.mp4 names no time
  let oldest = first;
  let newest = first;
  let lastBefore: string | undefined;
  const recent: string[] = [];
  for (const name of names) {
    if (time(name) < time(oldest)) oldest = name;
    if (time(name) > time(newest)) newest = name;
    if (name >= today) recent.push(name);
    else if (lastBefore === undefined || time(name) > time(lastBefore)) lastBefore = name;
  }
  if (lastBefore !== undefined) recent.push(lastBefore);
  return { oldest, newest, recent };
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
