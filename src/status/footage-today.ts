// What `status` says of today's footage, from the footage catalogue (the one reader of recordings):
// the coverage of today so far and its gaps, from the files' true times (merged minutes from the
// footage index, through the catalogue's caches; segments from the recorder's segment times, not
// opened, else from their own header), and the newest
// footage, where the segment being recorded counts to its last complete fragment (about a second
// ago while a camera records), so the age `status` shows is the footage's, not that of the last
// closed segment. Before today (a camera down since yesterday) the name scan's newest footage
// (recordings.ts) stands.
import { buildCatalogue } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import { startOfDay } from './name-intervals.js';
import type { DiskRecordings, Recordings } from './recordings.js';

export async function withFootageToday(outputDir: string, now: Date, scan: DiskRecordings): Promise<Recordings> {
  const to = now.getTime();
  const from = startOfDay(now);
  const catalogue = buildCatalogue((await listFootage(outputDir, from, to, { timesOnly: true })).files, from, to);
  const today = { ...scan, coverageToday: to > from ? Math.min(1, catalogue.covered / (to - from)) : 1, gapsToday: catalogue.gaps.length };
  if (catalogue.runs.length === 0) return today;
  return { ...today, newestEnd: Math.max(...catalogue.runs.map((r) => r.end)) };
}
