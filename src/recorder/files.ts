// A camera's folders, and moving recordings without ever overwriting one.
import { link, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { makeDirs } from './folders.js';
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
  await makeDirs(destDir);
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

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
