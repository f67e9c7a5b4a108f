// Moving recordings without ever overwriting one, and salvaging what a crash left in staging.
import { copyFile, link, mkdir, readdir, rename, rmdir, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { verifyMedia } from '../ffmpeg/verify.js';
import { completePrefixLength } from '../mp4/complete-prefix.js';
import { freeName } from './naming.js';

export interface CameraDirs {
  root: string; // the camera's output_dir
  segments: string; // complete segments, the merge job reads them
  staging: string; // FFmpeg writes here; one sub-folder per FFmpeg run
  quarantine: string; // files that cannot be played, kept for a human
  merged: string;
}

export function cameraDirs(outputDir: string): CameraDirs {
  return {
    root: outputDir,
    segments: path.join(outputDir, 'segments'),
    staging: path.join(outputDir, '.staging'),
    quarantine: path.join(outputDir, 'quarantine'),
    merged: path.join(outputDir, 'merged'),
  };
}

// Moves src into destDir under `name`, or name_1, name_2… if taken; never replaces a file.
// Returns the final path.
export async function moveNoClobber(src: string, destDir: string, name = path.basename(src)): Promise<string> {
  await mkdir(destDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const existing = new Set(attempt === 0 ? [] : await readdir(destDir));
    const dest = path.join(destDir, freeName(name, (n) => existing.has(n)));
    try {
      await link(src, dest); // fails with EEXIST instead of replacing: atomic no-clobber
      await unlink(src);
      return dest;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
      // A filesystem without hard links (exFAT, some FUSE): the camera's lock makes us the only writer.
      if (await exists(dest)) continue;
      await rename(src, dest);
      return dest;
    }
  }
}

export interface SalvageResult {
  moved: string[]; // playable files now in segments/
  quarantined: Array<{ file: string; reason: string }>;
}

// Moves every file left in staging (by a crash, a SIGKILL, or a finished run) to segments/ when
// it plays, else to quarantine/. Nothing is deleted. Removes emptied staging folders.
export async function salvageStaging(dirs: CameraDirs, only?: string): Promise<SalvageResult> {
  const result: SalvageResult = { moved: [], quarantined: [] };
  const runs = only ? [only] : (await readdir(dirs.staging).catch(() => [])).map((r) => path.join(dirs.staging, r));
  for (const run of runs) {
    const files = (await readdir(run).catch(() => [])).sort();
    for (const file of files.filter((f) => !f.endsWith(SALVAGE_SUFFIX))) {
      await salvageFile(dirs, path.join(run, file), result);
    }
    await rmdir(run).catch(() => undefined);
  }
  return result;
}

const SALVAGE_SUFFIX = '.salvage.mp4';

// A whole file goes to segments/. A torn one (killed mid-fragment) is copied up to the end of its
// last complete fragment into a new file that goes to segments/ under the same name, and the torn
// original goes to quarantine/. A file with no footage at all (killed right after it was opened)
// goes to quarantine/ too: nothing is ever deleted.
async function salvageFile(dirs: CameraDirs, full: string, result: SalvageResult): Promise<void> {
  const file = path.basename(full);
  const check = await verifyMedia(full);
  if (check.ok) {
    result.moved.push(await moveNoClobber(full, dirs.segments));
    return;
  }
  if (check.duration > 0 && check.streams.some((s) => s.type === 'video')) {
    const salvaged = full + SALVAGE_SUFFIX;
    await copyFile(full, salvaged);
    await truncate(salvaged, await completePrefixLength(full));
    const again = await verifyMedia(salvaged).catch(() => undefined);
    if (again?.ok) {
      result.moved.push(await moveNoClobber(salvaged, dirs.segments, file));
      await moveNoClobber(full, dirs.quarantine);
      result.quarantined.push({ file, reason: `${check.reason ?? 'was torn'} (its readable part was salvaged into segments/)` });
      return;
    }
    await unlink(salvaged).catch(() => undefined); // our own failed copy, not footage
  }
  await moveNoClobber(full, dirs.quarantine);
  result.quarantined.push({ file, reason: check.duration > 0 ? (check.reason ?? 'unplayable') : 'holds no footage' });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
