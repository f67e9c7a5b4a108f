// The newest footage, for `status`, from the footage catalogue (the one reader of recordings): the
// segment being recorded counts, to its last complete fragment (about a second ago while a camera
// records), so the age `status` shows is the footage's, not that of the last closed segment.
// Only the last moments are asked for (today's merged files come from the catalogue's caches):
// status stays as fast as its name scan. When nothing is that recent, the name scan's newest
// footage (recordings.ts) stands.
import { buildCatalogue } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import type { Recordings } from './recordings.js';

export async function withNewestFootage(outputDir: string, now: Date, segmentSeconds: number, scan: Recordings): Promise<Recordings> {
  const to = now.getTime();
  const from = to - (segmentSeconds + 10) * 1000; // the newest segment or the one in progress starts in it
  const runs = buildCatalogue((await listFootage(outputDir, from, to, { lookBackMs: 0 })).files, from, to).runs;
  if (runs.length === 0) return scan;
  return { ...scan, newestEnd: Math.max(...runs.map((r) => r.end)) };
}
