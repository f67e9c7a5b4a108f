// One recorder per camera: a pid file taken with O_EXCL, taken over when its owner is dead.
import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CamsError, EXIT } from '../errors.js';

export interface Lock {
  release(): Promise<void>;
}

// Takes the lock at `file`; throws E_LOCKED naming the pid that holds it, E_NOT_WRITABLE when its
// folder cannot be written (a read-only disk); a missing folder's ENOENT is left to the caller.
export async function takeLock(file: string, what: string): Promise<Lock> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid} ${startTime(process.pid)}\n`);
      await handle.close();
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw code === 'ENOENT' ? error : notWritable(file, error);
      const [pidText, started] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
      const pid = Number(pidText);
      if (pid > 0 && pid !== process.pid && isAlive(pid) && startTime(pid) === started) {
        throw new CamsError(`${what} is already running (pid ${pid}, lock ${file})`, { code: 'E_LOCKED', exitCode: EXIT.TEMP_FAIL });
      }
      await unlink(file).catch(() => undefined); // stale: its owner died
    }
  }
  throw new CamsError(`could not take the lock ${file}`, { code: 'E_LOCKED', exitCode: EXIT.TEMP_FAIL });
}

// "folder "/srv/cam1" cannot be written: read-only file system" (Node's "EROFS: read-only file system, open '…'").
function notWritable(file: string, error: unknown): CamsError {
  const message = (error as Error).message;
  const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
  return new CamsError(`folder "${path.dirname(file)}" cannot be written: ${reason}`, { code: 'E_NOT_WRITABLE', exitCode: EXIT.CANT_CREATE, cause: error });
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
