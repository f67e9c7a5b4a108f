// Gives every merged file a line in the footage index (footage-index.ts), so that `status` shows
// where its footage is: the original tool's minute files (a regular MP4 without manifest: from the
// minute in its name, for as long as its video lasts), and ours whose line a crash or a full disk
// lost (from their manifest's start). A file is inspected once: the next run finds its line.
import { access, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';
import { describeFormat } from '../mp4/describe-format.js';
import { activityOf } from '../mp4/fragment-activity.js';
import { dayPrefix, parseMergedName } from '../recorder/naming.js';
import { footageIndexPath, readFootage, recordFootage, type FootageLine } from './footage-index.js';

// Adds the missing lines for the files in mergedDir; returns how many were added. The first run
// looks at every day; once that pass is done (a marker beside the index), only today and
// yesterday, where new files appear, so a merge every 30 s does not reread weeks of index.
export async function indexMergedFiles(outputDir: string, mergedDir: string, now = new Date()): Promise<number> {
  const marker = path.join(path.dirname(footageIndexPath(outputDir, 'x')), FULL_PASS_MARKER);
  const recentOnly = await access(marker).then(() => true, () => false);
  const from = dayPrefix(new Date(now.getTime() - 86_400_000));
  const names = (await readdir(mergedDir).catch(() => [] as string[])).filter((n) => parseMergedName(n) && (!recentOnly || n.slice(0, 8) >= from)).sort();
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
  if (!recentOnly && names.length > 0) await writeFile(marker, '').catch(() => undefined); // the index folder exists by now
  return added;
}

const FULL_PASS_MARKER = '.all-days-indexed';

// Where a merged file's footage is: from its manifest's start, else from the minute in its name.
// A fragmented file's line carries its activity (a regular one has no fragments to measure).
export function footageOf(name: string, info: Pick<Mp4Info, 'manifest' | 'videoDuration' | 'tracks' | 'size' | 'fragments'>): FootageLine {
  const start = info.manifest ? Date.parse(info.manifest.start) : parseMergedName(name)!.start.getTime();
  const line: FootageLine = { name, start, end: start + Math.round(info.videoDuration * 1000), format: describeFormat(info.tracks), bytes: info.size };
  return info.fragments.length > 0 ? { ...line, activity: activityOf(info.fragments) } : line;
}
