// The shell of the footage catalogue: lists what a camera's folders hold around [from, to] as
// FootageFile entries. Merged files take their times and format from the merge's footage index
// (.footage/YYYYMMDD.jsonl, through the caches of merged-files.ts), segments not merged yet from the
// recorder's segment times and their own header (they are few: the last minutes), footage still
// being recorded from the recorder's staging folders (read-staging.ts). Nothing is decoded; merged
// files are not opened.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFormat } from '../mp4/describe-format.js';
import { inspectMp4 } from '../mp4/inspect.js';
import { cameraDirs } from '../recorder/files.js';
import { dayPrefix, parseSegmentName, type SegmentName } from '../recorder/naming.js';
import { readSegmentTimes, hourOf, type SegmentTime } from '../recorder/segment-times.js';
import type { FootageFile } from './catalogue.js';
import { fileKey, remember, sameKey, type FileKey } from './merged-cache.js';
import { readMergedFiles } from './merged-files.js';
import { readStagedFiles, type StagedFootage } from './read-staging.js';

// A file named up to this long before `from` may still hold footage after it (a merged minute
// with late segments joined runs past its minute; a legacy segment may be long).
const LOOK_BACK_MS = 10 * 60_000;

export async function readFootageFiles(outputDir: string, from: number, to: number): Promise<FootageFile[]> {
  return (await listFootage(outputDir, from, to)).files;
}

// The files, and what is left out because its time is not known yet (footage held in staging).
// `lookBackMs`: how long before `from` a segment may start and still reach into the range (status
// asks for a few seconds).
// `timesOnly`: a segment the recorder timed (a line in its segment times: start and end, the video's
// length measured when it admitted the file) is not opened, so its format is not known (status
// wants only where footage is; a file of unknown format joins the run it touches).
export interface ListOptions {
  lookBackMs?: number;
  timesOnly?: boolean;
}

export async function listFootage(outputDir: string, from: number, to: number, options: ListOptions = {}): Promise<{ files: FootageFile[]; untimed: StagedFootage['untimed'] }> {
  const dirs = cameraDirs(outputDir);
  // Staging first: a file admitted while it is read is then in segments/ when that is listed.
  const staged = await readStagedFiles(dirs.staging, from, to);
  // Names are looked at only on the local days that can hold the range (a cheap text test first).
  const [firstDay, lastDay] = [dayPrefix(new Date(from - LOOK_BACK_MS)), dayPrefix(new Date(to))];
  const near = (parsed: SegmentName) => parsed.start.getTime() >= from - (options.lookBackMs ?? LOOK_BACK_MS) && parsed.start.getTime() < to;
  const segments = (await namesIn(dirs.segments, parseSegmentName)).filter(near);
  const files = [...(await readMergedFiles(outputDir, dirs.merged, firstDay, lastDay)), ...(await segmentFiles(outputDir, dirs.segments, segments, options.timesOnly === true)), ...staged.files];
  return { files: files.filter((f) => f.end > from && f.start < to), untimed: staged.untimed };
}

async function segmentFiles(outputDir: string, dir: string, names: SegmentName[], timesOnly: boolean): Promise<FootageFile[]> {
  const hours = new Map<string, Map<string, SegmentTime>>();
  const files: FootageFile[] = [];
  for (const parsed of names) {
    const hour = hourOf(parsed.name);
    if (!hours.has(hour)) hours.set(hour, readSegmentTimes(outputDir, hour).times);
    const file = path.join(dir, parsed.name);
    const timed = timesOnly ? hours.get(hour)!.get(parsed.name) : undefined;
    if (timed) {
      const size = await stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
      if (size !== undefined) files.push({ path: file, kind: 'segment', start: timed.start, end: timed.end, bytes: size, exact: true, run: timed.run });
      continue; // gone: merged meanwhile (its minute is read from merged/ by the next request)
    }
    const info = await inspectSegment(file);
    if (!info) continue; // unreadable: the merge will quarantine it
    const time = hours.get(hour)!.get(parsed.name);
    const start = time?.start ?? parsed.start.getTime();
    files.push({ path: file, kind: 'segment', start, end: start + info.videoDuration * 1000, bytes: info.size, format: info.format, exact: time !== undefined, ...(time ? { run: time.run } : {}) });
  }
  return files;
}

// What a segment's header says, remembered while the file is unchanged (inode, size, mtime, ctime):
// segments/ holds closed files, so a server asked every few seconds (/api/cameras, /metrics) opens
// each once, not at every request. undefined: not readable.
async function inspectSegment(file: string): Promise<InspectedSegment | undefined> {
  const stats = await stat(file).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  const key = fileKey(stats);
  const known = inspected.get(file);
  if (known && sameKey(known.key, key)) return known;
  const info = await inspectMp4(file).catch(() => undefined);
  if (!info) return undefined;
  const segment = { key, size: info.size, videoDuration: info.videoDuration, format: describeFormat(info.tracks) };
  remember(inspected, file, segment);
  return segment;
}

interface InspectedSegment {
  key: FileKey;
  size: number;
  videoDuration: number; // s
  format: string;
}

const inspected = new Map<string, InspectedSegment>();

async function namesIn(dir: string, parse: (name: string) => SegmentName | undefined): Promise<SegmentName[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.map(parse).filter((p): p is SegmentName => p !== undefined);
}
