// The merged files of a camera on some days, for the catalogue's shell (read-files.ts). Merged files
// take their times, format and size from the merge's footage index (.footage/YYYYMMDD.jsonl); a file
// without a line (lost by a crash, or older) is known by its name, for the minute it names. Listing
// merged/ and parsing the index are kept in caches (merged-cache.ts) while folder and index are
// unchanged; a reader that may not write .footage/ just does the work each time.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { footageIndexPath, parseFootage, type FootageLine } from '../merge/footage-index.js';
import { parseMergedName } from '../recorder/naming.js';
import type { FootageFile } from './catalogue.js';
import { dayFiles, decodeDay, encodeDay, encodeListing, fileKey, fingerprint, fingerprints, namesByDay, racyMs, remember, sameKey, settled, trustedListing, type DayFiles, type FileKey, type MergedEntry } from './merged-cache.js';

// The merged files named on the local days firstDay…lastDay (YYYYMMDD), in name order.
export async function readMergedFiles(outputDir: string, mergedDir: string, firstDay: string, lastDay: string): Promise<FootageFile[]> {
  const listing = await readListing(outputDir, mergedDir);
  const days = [...listing.days].filter(([day]) => day >= firstDay && day <= lastDay).sort(([a], [b]) => (a < b ? -1 : 1));
  const files: FootageFile[] = [];
  for (const [day, print] of days) {
    const { names, base, rows, formats, activity } = (await readDay(outputDir, mergedDir, day, print, listing)).files;
    const dir = `${mergedDir}${path.sep}`; // dir + name: path.join costs more than the rest of this loop
    for (let i = 0, r = 0; i < names.length; i++, r += 5) {
      if (rows[r + 2]! < 0) continue; // not a recording
      const start = base + rows[r]!;
      files.push({ path: dir + names[i]!, kind: 'merged', start, end: start + rows[r + 1]!, bytes: rows[r + 2]!, format: formats[rows[r + 4]!], exact: rows[r + 3] === 1, activity: activity[i] ?? undefined });
    }
  }
  return files;
}

// After the merge changed merged/: the caches of the days firstDay…lastDay made now, so that the
// next `footage` or `export` does not list the folder again. The listing is saved only once the
// folder has settled (racyMs): up to 50 ms are waited for; where that takes seconds (file times in
// whole seconds) the next reader saves it instead.
export async function refreshMergedCaches(outputDir: string, mergedDir: string, firstDay: string, lastDay: string): Promise<void> {
  const folder = await stat(mergedDir).catch(() => undefined);
  if (!folder) return;
  const wait = Math.max(folder.mtimeMs, folder.ctimeMs) + racyMs(fileKey(folder)) - Date.now() + 1;
  if (wait > REFRESH_WAIT_MS) return;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await readMergedFiles(outputDir, mergedDir, firstDay, lastDay);
}

const REFRESH_WAIT_MS = 100;

interface Listing {
  days: Map<string, string>; // day → fingerprint of its names
  names: () => Promise<Map<string, string[]>>; // listed once, when needed
}

// The days of merged/ from the listing cache while the folder is unchanged, else by listing it.
// A trusted listing is also kept in memory (a server that may not write .footage/ lists the folder
// once per change, not once per request), under the same rule: the folder's key, settled.
async function readListing(outputDir: string, mergedDir: string): Promise<Listing> {
  const listedAt = Date.now(); // before the folder is looked at: a change after it is after this
  const folder = await stat(mergedDir).catch(() => undefined);
  if (!folder?.isDirectory()) return { days: new Map(), names: () => Promise.resolve(new Map()) };
  let listed: Promise<Map<string, string[]>> | undefined;
  const names = () => (listed ??= readdir(mergedDir).then(namesByDay, () => new Map<string, string[]>()));
  const key = fileKey(folder);
  const remembered = listings.get(mergedDir);
  if (remembered && sameKey(remembered.key, key)) return { days: remembered.days, names };
  const trusted = trustedListing(readText(listingPath(outputDir)), key);
  if (trusted) return remember(listings, mergedDir, { key, days: trusted }) && { days: trusted, names };
  const days = fingerprints(await names());
  if (settled(listedAt, key)) {
    remember(listings, mergedDir, { key, days });
    await save(listingPath(outputDir), encodeListing(key, listedAt, days));
  }
  return { days, names };
}

// Trusted listings by merged/ folder, and each day's totals by camera and day (small: a few numbers).
const listings = new Map<string, { key: FileKey; days: Map<string, string> }>();
const dayTotals = new Map<string, { fingerprint: string; index: FileKey | null; totals: MergedTotals }>();

// What merged/ holds in all: its recordings, their bytes (from the index lines, else the file's
// size, as the catalogue has them), the start of the oldest and the end of the newest footage.
export interface MergedTotals {
  files: number;
  bytes: number;
  oldestStart: number | null; // ms
  newestEnd: number | null;
}

// The totals of every day of merged/, through the catalogue's caches: a day whose names and index
// are unchanged since it was last counted in this process is not read again (only its index is
// stat'ed), so a week of files costs a few stats per camera, and no stat per file.
export async function readMergedTotals(outputDir: string, mergedDir: string): Promise<MergedTotals> {
  const listing = await readListing(outputDir, mergedDir);
  const all: MergedTotals = { files: 0, bytes: 0, oldestStart: null, newestEnd: null };
  for (const [day, print] of listing.days) {
    const memoryKey = `${mergedDir}\0${day}`;
    const indexStats = await stat(footageIndexPath(outputDir, day)).catch(() => undefined);
    const known = dayTotals.get(memoryKey);
    let totals = known && known.fingerprint === print && sameKey(known.index, indexStats ? fileKey(indexStats) : null) ? known.totals : undefined;
    if (!totals) {
      const read = await readDay(outputDir, mergedDir, day, print, listing);
      totals = totalsOf(read.files);
      if (read.index !== undefined) remember(dayTotals, memoryKey, { fingerprint: print, index: read.index, totals });
      await new Promise((resolve) => setImmediate(resolve)); // a day read: let waiting requests in
    }
    all.files += totals.files;
    all.bytes += totals.bytes;
    if (totals.oldestStart !== null) all.oldestStart = Math.min(all.oldestStart ?? totals.oldestStart, totals.oldestStart);
    if (totals.newestEnd !== null) all.newestEnd = Math.max(all.newestEnd ?? totals.newestEnd, totals.newestEnd);
  }
  return all;
}

// Pure: the totals of a day's files (names that are not recordings left out).
export function totalsOf({ base, rows }: DayFiles): MergedTotals {
  const totals: MergedTotals = { files: 0, bytes: 0, oldestStart: null, newestEnd: null };
  for (let r = 0; r < rows.length; r += 5) {
    if (rows[r + 2]! < 0) continue;
    const start = base + rows[r]!;
    totals.files++;
    totals.bytes += rows[r + 2]!;
    totals.oldestStart = Math.min(totals.oldestStart ?? start, start);
    totals.newestEnd = Math.max(totals.newestEnd ?? start + rows[r + 1]!, start + rows[r + 1]!);
  }
  return totals;
}

// A day's merged files from its cache while the index and the day's names are unchanged, else
// from the index and the names (then cached), with the key of the index they describe (undefined:
// the index grew while it was read). Small files: read without a trip to the thread pool.
async function readDay(outputDir: string, mergedDir: string, day: string, print: string, listing: Listing): Promise<{ files: DayFiles; index: FileKey | null | undefined }> {
  const indexFile = footageIndexPath(outputDir, day);
  const indexStats = statOf(indexFile);
  const cache = decodeDay(readText(dayCachePath(outputDir, day)));
  const sameNames = cache?.fingerprint === print;
  if (cache && sameNames && sameKey(cache.index, indexStats ? fileKey(indexStats) : null)) return { files: cache.files, index: cache.index };
  const names = sameNames ? cache.files.names : ((await listing.names()).get(day) ?? []);
  const index = readIndex(indexFile);
  const entries: MergedEntry[] = [];
  for (const name of names) entries.push(await entryOf(mergedDir, name, index.lines.get(name)));
  const files = dayFiles(entries);
  if (index.key !== undefined) await save(dayCachePath(outputDir, day), encodeDay({ index: index.key, fingerprint: fingerprint(names), files }));
  return { files, index: index.key };
}

function statOf(file: string): FileKey | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // not readable: rebuilt from what can be read
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// The index's lines and the key of the file they were read from (null: no index; undefined: it
// grew while being read, so no key says what was read).
function readIndex(file: string): { lines: Map<string, FootageLine>; key: FileKey | null | undefined } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { lines: new Map(), key: null };
  }
  try {
    const bytes = readFileSync(fd);
    const after = fstatSync(fd);
    return { lines: parseFootage(bytes.toString('utf8')), key: after.size === bytes.length ? fileKey(after) : undefined };
  } finally {
    closeSync(fd);
  }
}

// A file by its index line when it has one with its size (no stat: a week is 10 000 files); else
// by its line's times or its name's minute, with the size of the file (no size: not a recording).
async function entryOf(mergedDir: string, name: string, line: FootageLine | undefined): Promise<MergedEntry> {
  if (line?.bytes !== undefined) return { name, start: line.start, end: line.end, bytes: line.bytes, format: line.format, exact: true, activity: validActivity(line.activity) };
  const parsed = parseMergedName(name);
  const info = parsed && (await stat(`${mergedDir}${path.sep}${name}`).catch(() => undefined));
  const start = line?.start ?? parsed?.start.getTime() ?? 0;
  const entry: MergedEntry = { name, start, end: line?.end ?? start + 60_000, format: line?.format, exact: line !== undefined };
  if (info?.isFile()) entry.bytes = info.size;
  return entry;
}

// An index line's activity when it is a list of byte counts (a line is not trusted blindly).
function validActivity(activity: unknown): number[] | undefined {
  return Array.isArray(activity) && activity.every((n) => Number.isInteger(n) && n >= 0) ? activity : undefined;
}

// Writes a cache whole or not at all (a temporary file renamed onto it); never fails.
async function save(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, file);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}

export function listingPath(outputDir: string): string {
  return path.join(path.dirname(footageIndexPath(outputDir, 'x')), 'merged-listing.json');
}

function dayCachePath(outputDir: string, day: string): string {
  return path.join(path.dirname(footageIndexPath(outputDir, day)), `${day}.merged.json`);
}
