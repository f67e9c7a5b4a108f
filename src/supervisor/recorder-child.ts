// One camera's recorder under `cams-manager run`: the very command line cams-record@.service runs,
// in a process group of its own, with a NOTIFY_SOCKET and WATCHDOG_USEC as systemd gives it. Its
// watchdog is kept (no ping for WatchdogSec: SIGKILL to the group, FFmpeg included), its lines are
// passed on with its camera's name, and it is restarted by the unit's rules (restart-policy.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log/logger.js';
import { withParentDeathSignal } from '../process/parent-death.js';
import { RECORDER_ENV } from '../recorder/process-env.js';
import { withCamera } from './log-lines.js';
import { openNotifySocket, type NotifySocket } from './notify-socket.js';
import { decideRestart } from './restart-policy.js';

const TICK_MS = 1000;

export interface ChildCommand {
  file: string;
  args: string[];
}

export interface RecorderChildOptions {
  camera: string;
  command: ChildCommand;
  socketPath: string; // its NOTIFY_SOCKET, bound afresh at every start (under 108 bytes)
  log: Logger; // the supervisor's, named for this camera
  write: (line: string) => void; // a line of the child's, as printed
  timings: ChildTimings;
}

// The record unit's (systemd/timing.ts), in ms.
export interface ChildTimings {
  restartMs: number; // RestartSec
  watchdogMs: number; // WatchdogSec: no ping for this long, SIGKILL to the group
  stopTimeoutMs: number; // TimeoutStopSec: then SIGKILL to the group
}

export type ChildState = 'running' | 'waiting' | 'failed' | 'stopped';

export class RecorderChild {
  private child: ChildProcess | null = null;
  private socket: NotifySocket | null = null;
  private startedAt = 0; // performance.now(): a step of the wall clock is no missed ping
  private lastPing = 0;
  private watchdogKilled = false;
  private delayMs: number | undefined;
  private restartTimer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private exited: Promise<void> = Promise.resolve();
  state: ChildState = 'stopped';
  ready = false;

  constructor(private readonly o: RecorderChildOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  // Starts the recorder; a failure to start (no socket, no process) is logged and retried later.
  start(): void {
    if (this.child || this.stopping) return;
    try {
      this.spawnChild();
    } catch (error) {
      this.socket?.close();
      this.socket = null;
      this.o.log.error(`the recorder cannot be started: ${error instanceof Error ? error.message : String(error)}`);
      this.scheduleRestart({ delayMs: Math.max(this.o.timings.restartMs, 1000) });
    }
  }

  private spawnChild(): void {
    // Bound at every start: a socket file someone removed (a tmp cleaner) is made again.
    this.socket?.close();
    this.socket = openNotifySocket(this.o.socketPath, (m) => {
      if (m.watchdog || m.ready) this.lastPing = performance.now();
      if (m.ready && !this.ready) (this.ready = true), this.o.log.debug('ready');
    });
    const { watchdogMs } = this.o.timings;
    const env: NodeJS.ProcessEnv = { ...process.env, ...RECORDER_ENV, NOTIFY_SOCKET: this.socket.path, WATCHDOG_USEC: String(watchdogMs * 1000) };
    delete env.WATCHDOG_PID;
    delete env.RUNTIME_DIRECTORY; // a unit's folder is not the children's: this supervisor makes them wait (start-backoff.ts)
    // Its own process group (FFmpeg is killed with it), and SIGTERM from the kernel if we die.
    const [file, args] = withParentDeathSignal(this.o.command.file, this.o.command.args);
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    this.child = child;
    this.state = 'running';
    this.ready = false;
    this.watchdogKilled = false;
    this.startedAt = this.lastPing = performance.now();
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.o.write(withCamera(this.o.camera, line)));
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => this.o.log.error(`the recorder cannot be started: ${error.message}`));
      child.on('close', (code, signal) => {
        this.onExit(child, code, signal);
        resolve();
      });
    });
    this.ticker ??= setInterval(() => this.checkWatchdog(watchdogMs), TICK_MS);
  }

  // Graceful: SIGTERM (the recorder finalises its segment), SIGKILL to the group after
  // TimeoutStopSec; no restart after it.
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const child = this.child;
      if (child) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => this.killGroup(child), this.o.timings.stopTimeoutMs);
        await this.exited;
        clearTimeout(timer);
      }
      this.close();
    })();
    return this.stopping;
  }

  // At once: SIGKILL to the group (a second Ctrl-C).
  kill(): void {
    if (this.child) this.killGroup(this.child);
  }

  private close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.socket?.close();
    this.socket = null;
    this.state = this.state === 'failed' ? 'failed' : 'stopped';
  }

  private checkWatchdog(watchdogMs: number): void {
    const child = this.child;
    if (!child || this.watchdogKilled || this.stopping || performance.now() - this.lastPing <= watchdogMs) return;
    this.watchdogKilled = true;
    this.o.log.error(`no watchdog ping for ${Math.round(watchdogMs / 1000)} s: killing the recorder and its FFmpeg (SIGKILL)`);
    this.killGroup(child);
  }

  private killGroup(child: ChildProcess): void {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    this.killGroup(child); // what it left behind (an FFmpeg of a recorder killed outright)
    if (this.stopping) return;
    const decision = decideRestart({ code, signal, livedMs: performance.now() - this.startedAt, watchdog: this.watchdogKilled }, this.delayMs, this.o.timings.restartMs);
    if (!decision.restart) {
      this.state = 'failed';
      this.o.log.error(decision.why);
      return;
    }
    this.o.log.warn(decision.why);
    this.scheduleRestart(decision);
  }

  private scheduleRestart(decision: { delayMs: number }): void {
    this.delayMs = decision.delayMs;
    this.state = 'waiting';
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, decision.delayMs);
  }
}
