// Whether a folder exists and is writable, or could be created: tried for real, not guessed from
// permission bits (root passes every access() check, yet /proc takes no folders and a read-only
// or full disk takes no files).
import { mkdtemp, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { danglingLink, folderReason } from '../recorder/folders.js';

// undefined when fine, else a short reason ("cannot be created: "/proc" does not take new folders …").
export async function checkWritable(dir: string): Promise<string | undefined> {
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) return `cannot be created: "${current}" is a file, not a folder`; // as record says it
      return tryCreate(current, current === path.resolve(dir) ? 'written' : 'created');
    }
    const dangling = danglingLink(current);
    if (dangling) return `cannot be created: ${dangling}`;
    const parent = path.dirname(current);
    if (parent === current) return 'cannot be created';
    current = parent;
  }
}

// Makes and removes an empty folder in `dir`: what the recorder will do first.
async function tryCreate(dir: string, verb: 'written' | 'created'): Promise<string | undefined> {
  try {
    await rmdir(await mkdtemp(path.join(dir, '.cams-check-')));
    return undefined;
  } catch (error) {
    return `cannot be ${verb}: ${folderReason(error)}`;
  }
}
