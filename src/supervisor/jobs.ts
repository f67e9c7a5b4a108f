// Merge and clean under `cams-manager run`, as child processes on the timers' schedule: a merge
// `merge_interval` seconds after start and then `merge_interval` after each merge ends
// (cams-merge.timer: OnActiveSec, OnUnitInactiveSec), a clean at start and at each full hour
// (cams-clean.timer: hourly, Persistent). One job at a time: a merge and a clean never overlap
// (each also takes the camera's lock, as under systemd).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../log/logger.js';
import { withParentDeathSignal } from '../process/parent-death.js';
import type { ChildCommand } from './recorder-child.js';

const STOP_TIMEOUT_MS = 30_000; // a merge under way finishes its minute, or is killed after this

export type JobKind = 'merge' | 'clean';

export interface JobsOptions {
  command: (job: JobKind) => ChildCommand[]; // one run of the job: these, one after the other
  mergeIntervalMs: number;
  log: Logger;
  write: (line: string) => void;
  now?: () => number;
}

// Pure: the next full hour after `now` (ms), in local time as OnCalendar=hourly is.
export function nextFullHour(now: number): number {
  const next = new Date(now);
  next.setMinutes(60, 0, 0);
  return next.getTime();
}

export class Jobs {
  private queue: JobKind[] = [];
  private running: ChildProcess | null = null;
  private idle: Promise<void> = Promise.resolve();
  private mergeTimer: NodeJS.Timeout | null = null;
  private cleanTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private o: JobsOptions) {}

  start(): void {
    this.scheduleMerge();
    this.enqueue('clean'); // Persistent=yes: a run missed while nothing ran happens at start
    this.scheduleClean();
  }

  // A new merge_interval (SIGHUP) applies from the next merge on.
  setMergeInterval(ms: number): void {
    this.o = { ...this.o, mergeIntervalMs: ms };
  }

  // Stops scheduling at once; a job under way is asked to stop (SIGTERM: it leaves every file
  // whole) and waited for, its process group killed after STOP_TIMEOUT_MS.
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue = [];
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    if (this.cleanTimer) clearTimeout(this.cleanTimer);
    const running = this.running;
    running?.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), STOP_TIMEOUT_MS);
    await this.idle;
    clearTimeout(timer);
  }

  kill(): void {
    this.stopped = true;
    if (this.running?.pid === undefined) return;
    try {
      process.kill(-this.running.pid, 'SIGKILL'); // with the FFmpeg it runs
    } catch {
      // gone
    }
  }

  private scheduleMerge(): void {
    if (this.stopped) return;
    this.mergeTimer = setTimeout(() => this.enqueue('merge'), this.o.mergeIntervalMs);
  }

  private scheduleClean(): void {
    if (this.stopped) return;
    const now = (this.o.now ?? Date.now)();
    this.cleanTimer = setTimeout(() => {
      this.enqueue('clean');
      this.scheduleClean();
    }, nextFullHour(now) - now);
  }

  private enqueue(job: JobKind): void {
    if (this.stopped || this.queue.includes(job)) return;
    this.queue.push(job);
    if (!this.running) this.idle = this.drain();
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.length > 0) {
      const job = this.queue.shift()!;
      for (const command of this.o.command(job)) {
        if (this.stopped) break;
        const code = await this.runOne(command);
        if (code !== 0 && !this.stopped) this.o.log.warn(`${job} exited with code ${code}`);
      }
      if (job === 'merge') this.scheduleMerge();
    }
  }

  private runOne(command: ChildCommand): Promise<number | string> {
    return new Promise((resolve) => {
      const [file, args] = withParentDeathSignal(command.file, command.args);
      const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      this.running = child;
      // Its report (stdout) as lines of ours, with the time; its log lines (stderr) as they are.
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.o.log.info(line));
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', this.o.write);
      child.on('error', (error) => this.o.log.error(`${command.args.join(' ')} cannot be started: ${error.message}`));
      child.on('close', (code, signal) => {
        this.running = null;
        resolve(code ?? signal ?? 'unknown');
      });
    });
  }
}
