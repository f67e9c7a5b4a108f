// The catalogue's caches of merged files (pure: texts and keys in, answers out). Listing merged/
// (10 000 names a week per camera) and parsing a day of footage index cost more than the whole
// catalogue, so the reader keeps what it found in .footage/, beside the index:
// - merged-listing.json: the fingerprint of each day's names in merged/, valid while the folder is
//   unchanged (same inode, mtime and ctime: the kernel changes them with every name added or
//   removed, whoever does it: the merge, clean, a user, a crash's leftovers);
// - YYYYMMDD.merged.json: the day's merged files as the catalogue sees them (names, times, sizes,
//   formats), valid while the day's index file is unchanged (inode, size, mtime, ctime) and the
//   listing's fingerprint of the day is the one the cache was made from.
// The index and the folder stay the truth: a missing, stale or unreadable cache is rebuilt from them.
import { createHash } from 'node:crypto';

export interface FileKey {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

// A merged file of a day as the catalogue needs it; bytes undefined: not a recording (dropped).
export interface MergedEntry {
  name: string;
  start: number;
  end: number;
  bytes?: number;
  format?: string;
  exact: boolean;
  activity?: number[]; // bytes per 5 s from start, from its index line
}

// A day's merged files in columns (one parse, no object per file until the catalogue's own):
// each name's five numbers in `rows`: start less `base`, length, bytes or -1 (not a recording),
// exact 1/0, index in `formats` or -1; each name's activity in `activity` (null: not known).
export interface DayFiles {
  names: string[]; // in name order
  base: number;
  rows: number[];
  formats: string[];
  activity: Array<number[] | null>;
}

export interface DayCache {
  index: FileKey | null; // the index file it was made from (null: there was none)
  fingerprint: string; // of the day's names in merged/
  files: DayFiles;
}

const VERSION = 1; // of the listing
const DAY_VERSION = 2; // of a day's cache: 2 has each file's activity

// A change to a folder soon after its listing may carry the same timestamps as the listing
// (Linux stamps files from a clock that ticks every 1–10 ms; ext3 keeps whole seconds, FAT 2 s):
// a listing made that soon after the folder's last change is not trusted later. A reader that
// lists the folder later saves it. Timestamps in whole seconds (or by chance on one) get the most.
export const RACY_MS = 3000;
const RACY_FINE_MS = 50;

export function racyMs(folder: FileKey): number {
  return folder.mtimeMs % 1000 === 0 || folder.ctimeMs % 1000 === 0 ? RACY_MS : RACY_FINE_MS;
}

// A process's memory of what it read (bounded: past `limit` entries it starts again); returns true.
export function remember<T>(memory: Map<string, T>, key: string, value: T, limit = 4096): true {
  if (memory.size >= limit && !memory.has(key)) memory.clear();
  memory.set(key, value);
  return true;
}

export function fileKey(stats: FileKey): FileKey {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export function sameKey(a: FileKey | null | undefined, b: FileKey | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

// The names of recordings in merged/ (not the merge's hidden temporary files), by day, sorted.
export function namesByDay(names: readonly string[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const name of names) {
    if (name.startsWith('.') || !name.endsWith('.mp4')) continue;
    const day = name.slice(0, 8);
    const list = days.get(day);
    if (list) list.push(name);
    else days.set(day, [name]);
  }
  for (const list of days.values()) list.sort();
  return days;
}

export function fingerprint(names: readonly string[]): string {
  return createHash('sha1').update(names.join('\n')).digest('base64');
}

export function fingerprints(byDay: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  return new Map([...byDay].map(([day, names]) => [day, fingerprint(names)]));
}

// The listing file's text: the folder's key, when it was listed, each day's fingerprint.
export function encodeListing(folder: FileKey, listedAt: number, days: ReadonlyMap<string, string>): string {
  return JSON.stringify({ version: VERSION, folder, listedAt, days: Object.fromEntries(days) });
}

// The fingerprints of a listing that still describes `folder`; undefined when it does not, when it
// was made too soon after a change (RACY_MS) or cannot be read.
export function trustedListing(text: string | undefined, folder: FileKey): Map<string, string> | undefined {
  const doc = parseJson(text) as { version?: unknown; folder?: FileKey; listedAt?: unknown; days?: unknown } | undefined;
  if (doc?.version !== VERSION || !sameKey(doc.folder, folder) || typeof doc.listedAt !== 'number') return undefined;
  if (!settled(doc.listedAt, folder)) return undefined;
  if (typeof doc.days !== 'object' || doc.days === null) return undefined;
  const days = Object.entries(doc.days as Record<string, unknown>);
  return days.every(([, f]) => typeof f === 'string') ? new Map(days as Array<[string, string]>) : undefined;
}

export function dayFiles(entries: readonly MergedEntry[]): DayFiles {
  const base = entries[0]?.start ?? 0;
  const formats: string[] = [];
  const rows: number[] = [];
  const activity: DayFiles['activity'] = [];
  for (const e of entries) {
    activity.push(e.activity ?? null);
    let f = e.format === undefined ? -1 : formats.indexOf(e.format);
    if (e.format !== undefined && f < 0) f = formats.push(e.format) - 1;
    rows.push(e.start - base, e.end - e.start, e.bytes ?? -1, e.exact ? 1 : 0, f);
  }
  return { names: entries.map((e) => e.name), base, rows, formats, activity };
}

// Whether a listing made at `listedAt` (a clock read before the folder's stat) may be trusted.
export function settled(listedAt: number, folder: FileKey): boolean {
  return listedAt >= Math.max(folder.mtimeMs, folder.ctimeMs) + racyMs(folder);
}

// A day cache as compact JSON (parsing it is ~5× faster than the index's lines).
export function encodeDay(cache: DayCache): string {
  const { names, ...columns } = cache.files;
  return JSON.stringify({ version: DAY_VERSION, index: cache.index, fingerprint: cache.fingerprint, ...columns, names: names.join('\n') });
}

export function decodeDay(text: string | undefined): DayCache | undefined {
  const doc = parseJson(text) as { version?: unknown; index?: FileKey | null; fingerprint?: unknown; base?: unknown; formats?: unknown; names?: unknown; rows?: unknown; activity?: unknown } | undefined;
  if (doc?.version !== DAY_VERSION || typeof doc.fingerprint !== 'string' || typeof doc.base !== 'number' || typeof doc.names !== 'string') return undefined;
  if (!Array.isArray(doc.formats) || !Array.isArray(doc.rows) || doc.index === undefined) return undefined;
  const names = doc.names === '' ? [] : doc.names.split('\n');
  if (doc.rows.length !== names.length * 5 || !Array.isArray(doc.activity) || doc.activity.length !== names.length) return undefined;
  return { index: doc.index, fingerprint: doc.fingerprint, files: { names, base: doc.base, rows: doc.rows as number[], formats: doc.formats as string[], activity: doc.activity as DayFiles['activity'] } };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
