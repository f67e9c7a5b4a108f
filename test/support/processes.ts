// A test server's processes: the one we started and every process it forked (sshd's per-connection
// children leave its process group with setsid, so a group kill would miss them).
import { type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// Pids of every live descendant of pid (from /proc/PID/stat's ppid field), children first.
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parentOf) if (ppid === parent) { found.push(child); visit(child); }
  };
  visit(pid);
  return found;
}

// Sends signal to the child and all its descendants; resolves when the child has exited.
export async function killTree(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const others = descendants(child.pid!);
  child.kill(signal);
  for (const pid of others) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  await exited;
}

// Resolves with the first stderr line matching re; rejects if the child exits first or after timeoutMs.
export function waitForLine(child: ChildProcess, re: RegExp, lines: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (re.test(line)) { clearTimeout(timer); resolve(line); }
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited (${code}) before ${re}:\n${lines.join('\n')}`)); });
  });
}

const TICK_MS = 1000 / 100; // USER_HZ: /proc/PID/stat counts CPU in 1/100 s

// utime + stime of a process (fields 14 and 15 of /proc/PID/stat), in ms; 0 once it is gone.
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
