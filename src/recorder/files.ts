// Moving recordings without ever overwriting one, and salvaging what a crash left in staging.
import { link, mkdir, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { verifyMedia } from '../ffmpeg/verify.js';
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
    for (const file of files) {
      const full = path.join(run, file);
      const check = await verifyMedia(full);
      if (check.ok) result.moved.push(await moveNoClobber(full, dirs.segments));
      else {
        await moveNoClobber(full, dirs.quarantine);
        result.quarantined.push({ file, reason: check.reason ?? 'unplayable' });
      }
    }
    await rmdir(run).catch(() => undefined);
  }
  return result;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
