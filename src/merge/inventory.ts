// What a camera's folders hold, as plan input: segments and merged files, inspected where needed.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';
import type { CameraDirs } from '../recorder/files.js';
import { minuteOf, parseMergedName, parseSegmentName } from '../recorder/naming.js';
import { isDue, type MergedItem, type SegmentItem } from './plan.js';
import { hourOf, readSegmentTimes, type ClockStep } from '../recorder/segment-times.js';

export interface Inventory {
  segments: SegmentItem[];
  steps: ClockStep[]; // steps of the clock the recorder saw, on the segments' days
  merged: MergedItem[];
  media: Map<string, Mp4Info>; // full path → inspection, for the joiner
}

// Lists segments/ and merged/. Inspects the segments of due minutes, and the merged files of
// every minute that still has segments (their manifests say which segments are merged already).
export async function takeInventory(dirs: CameraDirs, due: { now: Date; mergeDelay: number }): Promise<Inventory> {
  const media = new Map<string, Mp4Info>();
  const segments: SegmentItem[] = [];
  const days = new Map<string, ReturnType<typeof readSegmentTimes>>(); // by hour
  for (const name of await listNames(dirs.segments)) {
    const parsed = parseSegmentName(name);
    if (!parsed) continue;
    const file = path.join(dirs.segments, name);
    const hour = hourOf(name);
    if (!days.has(hour)) days.set(hour, readSegmentTimes(dirs.root, hour));
    const time = days.get(hour)!.times.get(name);
    // The recorder's exact time, when it has one that agrees with the name (within its second).
    const exact = time && Math.abs(time.start - parsed.start.getTime()) < 1000 ? time : undefined;
    const start = exact ? new Date(exact.start) : parsed.start;
    const item: SegmentItem = { name, minute: minuteOf({ start }), start, size: 0, ...(exact ? { run: exact.run } : {}) };
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    item.size = info.size;
    if (isDue(item.minute, due)) {
      const inspected = await inspectMp4(file).then(
        (m) => m,
        (error: Error) => error,
      );
      if (inspected instanceof Error) item.media = { ok: false, reason: inspected.message };
      else {
        media.set(file, inspected);
        item.media = { ok: true, formatKey: inspected.formatKey, duration: inspected.videoDuration };
      }
    }
    segments.push(item);
  }
  const minutes = new Set(segments.map((s) => s.minute));
  const merged: MergedItem[] = [];
  for (const name of await listNames(dirs.merged)) {
    const parsed = parseMergedName(name);
    if (!parsed || !minutes.has(parsed.stem)) continue;
    const file = path.join(dirs.merged, name);
    const inspected = await inspectMp4(file).catch(() => undefined);
    if (inspected) media.set(file, inspected);
    merged.push(mergedItem(name, parsed.stem, parsed.start, inspected));
  }
  return { segments, merged, media, steps: [...days.values()].flatMap((d) => d.steps) };
}

// A merged file we cannot read, or a regular MP4 (the original tool's), is kept as it is: listed
// only so that its name is never written over.
function mergedItem(name: string, minute: string, minuteStart: Date, info: Mp4Info | undefined): MergedItem {
  if (!info || info.layout === 'regular') {
    return { name, minute, start: minuteStart, duration: info?.videoDuration ?? 0, size: info?.size ?? 0, formatKey: info?.formatKey ?? '', sources: [], joinable: false };
  }
  const start = info.manifest ? new Date(info.manifest.start) : (info.creationTime ?? minuteStart);
  return { name, minute, start, duration: info.videoDuration, size: info.size, formatKey: info.formatKey, sources: info.manifest?.sources ?? [], joinable: true };
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
