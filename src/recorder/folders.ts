// Making a camera's folders, and saying in one line why one cannot be made or written.
import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { CamsError, EXIT } from '../errors.js';

// mkdir -p that always ends. Node 20's own `mkdir(…, { recursive: true })` loops forever where a
// parent exists but refuses new entries with ENOENT (/proc, /sys): it finds the parent, retries the
// child, gets ENOENT again. Here each missing level is made once, top down; the first error throws.
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
    if (info) break;
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : Promise.reject(error)));
  }
}

// A CamsError (exit 73) for a folder that cannot be made or written:
// `folder "/proc/cams/door" cannot be created: /proc does not take new folders`.
export function folderError(dir: string, error: unknown, verb: 'created' | 'written' = 'created'): CamsError {
  return new CamsError(`folder "${dir}" cannot be ${verb}: ${folderReason(error)}`, { code: 'E_NOT_WRITABLE', exitCode: EXIT.CANT_CREATE, cause: error });
}

// Why, in words, from the errno and the path Node names in its message.
export function folderReason(error: unknown): string {
  const { code, path: at, dest, message } = error as NodeJS.ErrnoException & { dest?: string };
  const where = dest ?? at ?? ''; // symlink(target, dest) names the target as `path`
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where ? ` on "${where}"` : ''} for ${whoAmI()}`;
    case 'ENOTDIR':
      return `"${firstFile(where)}" is a file, not a folder`;
    case 'EEXIST':
      return `"${where}" exists and is not a folder`;
    case 'ENOENT':
      return danglingLink(where) ?? `"${path.dirname(where)}" does not take new folders (a system folder such as /proc or /sys?)`;
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
  }
}

// "…" is a symbolic link to a folder that does not exist: the usual case is a disk not mounted.
export function danglingLink(where: string): string | undefined {
  for (let p = where; path.dirname(p) !== p; p = path.dirname(p)) {
    try {
      if (!lstatSync(p).isSymbolicLink()) continue;
      statSync(p);
    } catch {
      try {
        return `"${p}" is a symbolic link to "${readlinkSync(p)}", which does not exist (a disk that is not mounted?)`;
      } catch {
        continue; // p itself does not exist
      }
    }
  }
  return undefined;
}

// The part of a path that exists and is not a folder (what ENOTDIR complains about).
function firstFile(where: string): string {
  let found = where;
  for (let p = where; path.dirname(p) !== p; p = path.dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) found = p;
    } catch {
      // missing, or below a file
    }
  }
  return found;
}

function whoAmI(): string {
  try {
    return `user "${userInfo().username}"`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`; // a uid with no passwd entry (DynamicUser=)
  }
}
