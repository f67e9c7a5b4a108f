// The temporary file a writer fills before it links it to its name: `.NAME.<pid>.<start>.<random>.tmp`
// beside NAME. The pid and that process's start time (field 22 of /proc/<pid>/stat, clock ticks
// since boot) say whose it is: one whose process is gone, or whose pid now belongs to a process
// started at another time (pid reuse), is what a killed export (SIGKILL, a power cut) left, and the
// next writer in the folder removes it. Where /proc cannot be read, the start is 0 and only a pid
// that is gone counts (a reused pid then keeps a leftover: never a live writer's file).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';

const TEMPORARY = /^\..+\.(\d+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

// A fresh temporary name beside `output`, owned by this process.
export function temporaryName(output: string): string {
  const owner = `${process.pid}.${processStart(process.pid) ?? 0}`;
  return path.join(path.dirname(output), `.${path.basename(output)}.${owner}.${randomBytes(4).toString('hex')}.tmp`);
}

// Removes the temporary files in `dir` whose writer is gone; returns their names. Best effort.
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const match = TEMPORARY.exec(name);
    if (!match || alive(Number(match[1]), match[2]!)) continue;
    if (await unlink(path.join(dir, name)).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

// Whether process `pid`, started at `start` ("0": not known), is still running.
function alive(pid: number, start: string): boolean {
  const now = processStart(pid);
  if (now !== undefined) return start === '0' || now === start;
  if (readable) return false; // /proc works, and has no such process
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process
  }
}

// The start time of a process from /proc (undefined: no such process, or no /proc).
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // fields from the 3rd on: starttime is the 22nd
  } catch {
    return undefined;
  }
}

const readable = processStart(process.pid) !== undefined;
