// Gives every merged file a line in the footage index (footage-index.ts), so that `status` shows
// where its footage is: the original tool's minute files (a regular MP4 without manifest: from the
// minute in its name, for as long as its video lasts), and ours whose line a crash or a full disk
// lost (from their manifest's start). A file is inspected once: the next run finds its line.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';
import { parseMergedName } from '../recorder/naming.js';
import { readFootage, recordFootage, type FootageLine } from './footage-index.js';

// Adds the missing lines for the files in mergedDir; returns how many were added.
export async function indexMergedFiles(outputDir: string, mergedDir: string): Promise<number> {
  const names = (await readdir(mergedDir).catch(() => [] as string[])).filter((n) => parseMergedName(n)).sort();
  const days = new Map<string, Map<string, FootageLine>>();
  let added = 0;
  for (const name of names) {
    const day = name.slice(0, 8);
    if (!days.has(day)) days.set(day, readFootage(outputDir, day));
    if (days.get(day)!.has(name)) continue;
    const info = await inspectMp4(path.join(mergedDir, name)).catch(() => undefined);
    if (!info) continue; // unreadable: status goes by its name
    await recordFootage(outputDir, footageOf(name, info));
    added++;
  }
  return added;
}

// Where a merged file's footage is: from its manifest's start, else from the minute in its name.
export function footageOf(name: string, info: Pick<Mp4Info, 'manifest' | 'videoDuration'>): FootageLine {
  const start = info.manifest ? Date.parse(info.manifest.start) : parseMergedName(name)!.start.getTime();
  return { name, start, end: start + Math.round(info.videoDuration * 1000) };
}
