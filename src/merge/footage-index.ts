// Where the footage of each merged file really is in time, for `status`: one small JSON-lines file
// per day, <output_dir>/.footage/YYYYMMDD.jsonl, a line appended for every merged file written (the
// last line for a name wins: a late segment's join replaces the file). A merged file is one
// continuous part by construction (a gap starts a new file), so one interval describes it.
// Without a line (the index lost by a crash), `status` falls back to the file's name.
import { appendFile, readdir, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../recorder/folders.js';

export interface FootageLine {
  name: string;
  start: number; // ms
  end: number; // ms
  format?: string; // "h264 1920x1080 + aac" (describe-format.ts); absent in lines of older versions
  bytes?: number; // the file's size (the catalogue then need not stat it); absent in older lines
  activity?: number[]; // bytes per 5 s of footage from `start` (mp4/fragment-activity.ts); absent in older lines
}

const FOLDER = '.footage';

export function footageIndexPath(outputDir: string, day: string): string {
  return path.join(outputDir, FOLDER, `${day}.jsonl`);
}

// Records a merged file's footage (best effort: the index only refines what `status` says).
export async function recordFootage(outputDir: string, line: FootageLine): Promise<void> {
  const file = footageIndexPath(outputDir, line.name.slice(0, 8));
  await makeDirs(path.dirname(file))
    .then(() => appendFile(file, JSON.stringify(line) + '\n'))
    .catch(() => undefined);
}

// The footage of the merged files of a day, by name (empty when there is no index).
export function readFootage(outputDir: string, day: string): Map<string, FootageLine> {
  let text = '';
  try {
    text = readFileSync(footageIndexPath(outputDir, day), 'utf8');
  } catch {
    return new Map();
  }
  return parseFootage(text);
}

// The lines of an index file's text, by name (the last line of a name wins).
export function parseFootage(text: string): Map<string, FootageLine> {
  const byName = new Map<string, FootageLine>();
  for (const line of parseLines(text)) {
    if (typeof line.name === 'string' && Number.isFinite(line.start) && Number.isFinite(line.end)) byName.set(line.name, line);
  }
  return byName;
}

// JSON lines, parsed as one array (a week of index is 10 000 lines per camera: one parse is ~3×
// faster than one per line); line by line when one of them was cut by a crash, skipping it.
function parseLines(text: string): FootageLine[] {
  const body = text.trimEnd();
  if (body === '') return [];
  try {
    return JSON.parse(`[${body.replaceAll('\n', ',')}]`) as FootageLine[];
  } catch {
    return body.split('\n').flatMap((raw) => {
      try {
        return [JSON.parse(raw) as FootageLine];
      } catch {
        return [];
      }
    });
  }
}

// A day's files in the index folder: its index, its hours of segment times, the catalogue's cache
// of it (src/footage/merged-files.ts) and a cache a killed reader left half-written.
const DAY_FILE = /^\d{8}(?:_\d{2}\.segments\.jsonl|\.jsonl|\.merged\.json(?:\.\d+\.[0-9a-f]+\.tmp)?)$/;

// Deletes the files of days before `keepFrom` (YYYYMMDD) in the index folder; returns how many went.
export async function pruneFootageIndexes(outputDir: string, keepFrom: string): Promise<number> {
  const dir = path.join(outputDir, FOLDER);
  const names = await readdir(dir).catch(() => [] as string[]);
  const old = names.filter((n) => DAY_FILE.test(n) && n.slice(0, 8) < keepFrom);
  for (const n of old) await unlink(path.join(dir, n)).catch(() => undefined);
  return old.length;
}
