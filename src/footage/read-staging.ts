// Footage still being recorded, for the catalogue: the files in the recorder's staging folders
// (one per FFmpeg run), each up to its last complete fragment, timed by its run's anchor
// (recorder/run-anchor.ts) exactly as it will be once admitted. A file whose time is not known
// (the clock is not synchronised yet, so the recorder holds its footage back) is left out and
// counted. A file admitted meanwhile (moved to segments/) is skipped: segments/ is listed after
// this, so it is found there; the catalogue counts footage seen in both places once.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFormat } from '../mp4/describe-format.js';
import { inspectMp4 } from '../mp4/inspect.js';
import { readRunAnchor, stagedStart } from '../recorder/run-anchor.js';
import type { FootageFile } from './catalogue.js';

export interface StagedFootage {
  files: FootageFile[];
  untimed: { files: number; bytes: number }; // left out: their time is not known yet
}

// A file in staging starts at most this long before it is read (segment_duration is at most 60 s;
// a closed segment may wait a few seconds to be admitted).
const MAX_AGE_MS = 3 * 60_000;

export async function readStagedFiles(stagingDir: string, from: number, to: number): Promise<StagedFootage> {
  const found: StagedFootage = { files: [], untimed: { files: 0, bytes: 0 } };
  for (const run of await readdir(stagingDir).catch(() => [] as string[])) {
    const runDir = path.join(stagingDir, run);
    const names = (await readdir(runDir).catch(() => [] as string[])).filter((n) => n.endsWith('.mp4') && !n.startsWith('.') && !n.endsWith('.salvage.mp4'));
    if (names.length === 0) continue;
    const anchor = await readRunAnchor(runDir);
    for (const name of names) {
      const file = path.join(runDir, name);
      const start = anchor ? stagedStart(anchor, name, names) : undefined;
      if (start === undefined) {
        const size = await stat(file).then((s) => s.size, () => undefined);
        if (size !== undefined) [found.untimed.files, found.untimed.bytes] = [found.untimed.files + 1, found.untimed.bytes + size];
        continue;
      }
      if (start >= to || start + MAX_AGE_MS <= from) continue;
      // Gone (admitted: it is in segments/ now), or no complete fragment yet: nothing to add here.
      const info = await inspectMp4(file, { growing: true }).catch(() => undefined);
      if (!info || info.fragments.length === 0) continue;
      found.files.push({ path: file, kind: 'recording', start, end: start + info.videoDuration * 1000, bytes: info.size, format: describeFormat(info.tracks), exact: true, run: anchor!.run });
    }
  }
  return found;
}
