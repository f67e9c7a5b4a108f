// The newest footage, for `status`, from the footage catalogue (the one reader of recordings): the
// segment being recorded counts, to its last complete fragment (about a second ago while a camera
// records), so the age `status` shows is the footage's, not that of the last closed segment.
// Only the last moments are asked for, and only merged names of the last hours are handed over
// (the catalogue stats a merged file without an index line): status stays as fast as its name
// scan. When nothing is that recent, the name scan's newest footage (recordings.ts) stands.
import { buildCatalogue } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import { minuteStamp } from '../recorder/naming.js';
import type { Recordings } from './recordings.js';

// A name's minute text this long before the window still passes (a DST fall-back repeats an hour).
const NAME_MARGIN_MS = 2 * 3_600_000;

export async function withNewestFootage(outputDir: string, now: Date, segmentSeconds: number, scan: Recordings): Promise<Recordings> {
  const to = now.getTime();
  const from = to - (segmentSeconds + 10) * 1000; // the newest segment or the one in progress starts in it
  const after = minuteStamp(from - NAME_MARGIN_MS);
  const merged = scan.mergedNames?.filter((n) => n.slice(0, 13) >= after);
  const runs = buildCatalogue((await listFootage(outputDir, from, to, { ...(merged ? { mergedNames: merged } : {}), lookBackMs: 0 })).files, from, to).runs;
  if (runs.length === 0) return scan;
  return { ...scan, newestEnd: Math.max(...runs.map((r) => r.end)) };
}
