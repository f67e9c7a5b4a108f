// One recorder, merge or clean per camera: a lock that needs no free block, so it works on a full disk.
//
// The lock is a symbolic link whose target is the owner's "pid start-time". symlink(2) is atomic
// and fails with EEXIST when the name is taken; a target this short is kept inside the inode (ext4
// "fast symlink", tmpfs short symlink), so taking the lock writes no data block: a clean can start
// on a disk that is 100 % full and free space. (A pid written into a regular file, as before, fails
// there with ENOSPC.) A disk without symbolic links (FAT, exFAT: EPERM) gets that pid file instead.
// A lock whose owner is dead, or whose pid was reused, is taken over.
import { readFileSync } from 'node:fs';
import { open, readFile, readlink, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CamsError, EXIT } from '../errors.js';
import { folderError } from './folders.js';

export interface Lock {
  release(): Promise<void>;
}

// Takes the lock at `file`; throws E_LOCKED naming the pid that holds it, E_NOT_WRITABLE when its
// folder cannot be written (a read-only disk); a missing folder's ENOENT is left to the caller.
export async function takeLock(file: string, what: string): Promise<Lock> {
  const mine = `${process.pid} ${startTime(process.pid)}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await createLock(file, mine);
      return { release: () => releaseLock(file, mine) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw code === 'ENOENT' ? error : folderError(path.dirname(file), error, 'written');
      const [pidText, started] = (await readOwner(file)).trim().split(' ');
      const pid = Number(pidText);
      if (pid > 0 && pid !== process.pid && isAlive(pid) && startTime(pid) === started) {
        throw new CamsError(`${what} is already running (pid ${pid}, lock ${file})`, { code: 'E_LOCKED', exitCode: EXIT.TEMP_FAIL });
      }
      await unlink(file).catch(() => undefined); // stale: its owner died
    }
  }
  throw new CamsError(`could not take the lock ${file}`, { code: 'E_LOCKED', exitCode: EXIT.TEMP_FAIL });
}

// The link, or on a filesystem without links a file holding the same text (made with O_EXCL).
async function createLock(file: string, mine: string): Promise<void> {
  try {
    await symlink(mine, file);
  } catch (error) {
    if (!NO_SYMLINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(mine);
    } catch (writeError) {
      await handle.close();
      await unlink(file).catch(() => undefined);
      throw writeError;
    }
    await handle.close();
  }
}

const NO_SYMLINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

// Removes the lock only while it is still ours (a lock taken over from us stays with its new owner).
async function releaseLock(file: string, mine: string): Promise<void> {
  if ((await readOwner(file)).trim() === mine) await unlink(file).catch(() => undefined);
}

// The owner written in the lock: a link's target, or the text of a lock file of older versions.
async function readOwner(file: string): Promise<string> {
  try {
    return await readlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') return '';
    return readFile(file, 'utf8').catch(() => '');
  }
}

// The process's start time in clock ticks since boot (/proc/PID/stat field 22): tells a reused pid.
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
