// The off-site uploader: every camera's footage to offsite.remote over one rclone rcd, one transfer
// at a time for all cameras, newest footage first (schedule.ts). It wakes on new files (inotify),
// plans the newest minutes at each new segment and the whole retention at start, after a merge and
// every few minutes; it backs off while the remote fails (backoff.ts) and says so once; it tells
// when a camera's lag passes offsite.max_lag and when it is back under it.
import { access } from 'node:fs/promises';
import type { Camera, OffsiteConfig } from '../config/schema.js';
import { CamsError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { afterFailure, afterSuccess, HEALTHY, isConfigFailure, type RemoteHealth } from './backoff.js';
import { openCameraJob, replanCamera, type CameraJob } from './camera-job.js';
import { executeAction } from './execute.js';
import { FootageWatch, type FolderChange } from './footage-watch.js';
import { checkLag, type LagAlarm, type LagChange } from './lag-alarm.js';
import { remoteKind } from './remote-path.js';
import { RemoteSession } from './remote-session.js';
import { FRESH_MS, type OffsiteAction } from './plan.js';
import { parseSegmentName } from '../recorder/naming.js';
import { backlogOf, pickCamera } from './schedule.js';
import { describeAction, statusLine } from './uploader-report.js';

export const FULL_PLAN_MS = 5 * 60_000;
const STOP_GRACE_MS = 10_000; // a transfer in flight at SIGTERM gets this long to finish
const STUCK_TRANSFER_MS = 30 * 60_000; // rclone's own --timeout (5 min without a byte) ends a stalled one sooner
const STUCK_PLAN_MS = 5 * 60_000;
const REPORT_EVERY_MS = 1_000;
const FULL_GAP_MS = 10_000;
const WINDOW_MARGIN_MS = 60_000; // a segment this close to the window's start is planned whole (it is planned a little later)
const ONCE_PASSES = 5; // --once plans again after each pass (a minute sent makes its segments deletable)

export interface UploaderOptions {
  offsite: OffsiteConfig;
  cameras: readonly Camera[];
  log: Logger;
  once: boolean;
  fullPlanMs?: number;
  onReady?: () => void;
  onStatus?: (text: string) => void;
  onLagChange?: (camera: string, change: LagChange) => void;
}

export class Uploader {
  private readonly jobs = new Map<string, CameraJob>();
  private readonly session: RemoteSession;
  private readonly watch = new FootageWatch((camera, folder, name) => this.changed(camera, folder, name));
  private readonly needFull = new Set<string>(); // cameras to plan whole (a merge ran, a minute went up)
  private readonly needWindow = new Set<string>(); // cameras with a new segment
  private readonly alarms = new Map<string, LagAlarm & { since?: number }>();
  private health: RemoteHealth = HEALTHY;
  private stopping = false;
  private wake: (() => void) | undefined;
  private inFlight: Promise<unknown> | undefined;
  private heartbeat = Date.now(); // the loop's last turn, or the start of the transfer in flight
  private transferring = false;
  private sleeping = false;
  private lastReport = 0;

  constructor(private readonly options: UploaderOptions) {
    this.session = new RemoteSession(options.offsite);
  }

  // Opens every camera's state, starts rclone, plans everything; then runs until stop() (or, with
  // `once`, until nothing is left). Throws a remote failure with `once`, and a config failure always.
  async run(): Promise<void> {
    try {
      for (const camera of this.options.cameras) this.jobs.set(camera.name, await openCameraJob(camera));
      // Watched before the first plan, so that no segment falls between the two.
      if (!this.options.once) for (const job of this.jobs.values()) this.watch.ensure(job.camera.name, job.camera.output_dir);
      await this.session.get();
      for (const job of this.jobs.values()) await this.plan(job, 'full');
      this.options.onReady?.();
      this.report(true);
      if (this.options.once) await this.runOnce();
      else await this.loop();
      this.report(true);
    } finally {
      this.watch.close();
      await this.session.stop();
      for (const job of this.jobs.values()) await job.close();
    }
  }

  // SIGTERM: the transfer in flight may finish (STOP_GRACE_MS), then rclone is stopped under it
  // (its partial stays on the remote, its intent in the state: the next start resolves it).
  // A second stop: rclone is stopped at once.
  stop(): void {
    if (this.stopping) return void this.session.stop();
    this.stopping = true;
    this.wake?.();
    const inFlight = this.inFlight;
    if (inFlight) void Promise.race([inFlight, sleep(STOP_GRACE_MS)]).then(() => this.session.stop());
  }

  // For the systemd watchdog: the loop is waiting for work, or its transfer or plan is not stuck.
  alive(now = Date.now()): boolean {
    if (this.sleeping) return true;
    return now - this.heartbeat < (this.transferring ? STUCK_TRANSFER_MS : STUCK_PLAN_MS);
  }

  private async runOnce(): Promise<void> {
    for (let pass = 0; pass < ONCE_PASSES && !this.stopping; pass++) {
      if (pass > 0) for (const job of this.jobs.values()) await this.plan(job, 'full');
      if ([...this.jobs.values()].every((j) => j.queue.length === 0)) return;
      while (!this.stopping && (await this.step()) === 'did') this.report();
    }
  }

  private async loop(): Promise<void> {
    const every = this.options.fullPlanMs ?? FULL_PLAN_MS;
    let lastFull = Date.now();
    let backoffUntil = 0;
    while (!this.stopping) {
      this.heartbeat = Date.now();
      if (Date.now() - lastFull >= every) {
        lastFull = Date.now();
        for (const job of this.jobs.values()) (this.needFull.add(job.camera.name), this.watch.ensure(job.camera.name, job.camera.output_dir));
      }
      const deferred = await this.planDirty();
      this.report();
      const waitMs = backoffUntil - Date.now();
      if (waitMs > 0) {
        await this.sleep(Math.min(waitMs, every));
        continue;
      }
      const result = await this.step();
      if (typeof result === 'number') backoffUntil = Date.now() + result;
      else if (result === 'idle') await this.sleep(Math.max(0, Math.min(lastFull + every, deferred) - Date.now()));
    }
  }

  // One action, the next across cameras: 'did', 'idle' (nothing to do), or the back-off in ms.
  private async step(): Promise<'did' | 'idle' | number> {
    const heads = new Map([...this.jobs].map(([name, job]) => [name, job.queue[0]] as const));
    const name = pickCamera(heads);
    if (name === undefined) return 'idle';
    const job = this.jobs.get(name)!;
    const queued = job.queue[0]!;
    try {
      this.transferring = true;
      this.heartbeat = Date.now();
      const remote = await this.session.get();
      this.inFlight = executeAction({ remote, log: job.log }, queued.action);
      const outcome = await this.inFlight;
      if (job.queue[0] === queued) job.queue.shift();
      // A merged minute now off-site makes the segments it replaces deletable: plan the whole again.
      if (outcome === 'done' && remoteKind(queued.key) === 'merged') this.needFull.add(name);
      this.options.log.debug(`${name}: ${outcome === 'done' ? describeAction(queued.action) : `skipped ${queued.key} (nothing to do any more)`}`);
      const { health, log } = afterSuccess(this.health, Date.now());
      this.health = health;
      if (log) this.options.log.info(log);
      return 'did';
    } catch (error) {
      if (this.stopping) return 'did';
      if (error instanceof CamsError && !(await localGone(queued.action))) return this.failed(error);
      // The local file went meanwhile (the merge took it; its intent is resolved by the next plan),
      // or it cannot be read: not the remote's fault, so no back-off; a whole plan tries it again.
      if (job.queue[0] === queued) job.queue.shift();
      if (!(error instanceof CamsError)) this.options.log.warn(`${name}: ${queued.key} not sent, the local file could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return 'did';
    } finally {
      this.transferring = false;
      this.inFlight = undefined;
    }
  }

  private async failed(error: unknown): Promise<number> {
    if (!(error instanceof CamsError)) throw error;
    if (error.code === 'E_RCLONE_EXITED') await this.session.reset();
    if (this.options.once) throw error;
    const line = [error.message, ...error.details.slice(0, 1)].join(': ');
    const { health, delayMs, log, note } = afterFailure(this.health, { code: error.code, line }, Date.now());
    this.health = health;
    if (log) (isConfigFailure(error.code) ? this.options.log.error(log) : this.options.log.warn(log));
    if (note) this.options.log.debug(note);
    return delayMs;
  }

  // A new segment: its camera's newest minutes are planned; one older than those (a recorder's
  // salvage at its start, a copy by hand) or a merged file: the whole.
  private changed(camera: string, folder: FolderChange, name: string | undefined): void {
    const start = folder === 'segments' && name ? parseSegmentName(name)?.start.getTime() : undefined;
    const fresh = start !== undefined && start >= Date.now() - FRESH_MS + WINDOW_MARGIN_MS;
    (fresh ? this.needWindow : this.needFull).add(camera);
    this.wake?.();
  }

  // Plans what changed; a whole plan of a camera planned whole less than FULL_GAP_MS ago waits
  // (a run of merged minutes going up would plan it at each), its newest minutes do not. Returns
  // when the next waiting one may be made.
  private async planDirty(): Promise<number> {
    let deferred = Infinity;
    for (const name of [...this.needFull]) {
      const job = this.jobs.get(name)!;
      if (Date.now() - job.plannedAt < FULL_GAP_MS) {
        deferred = Math.min(deferred, job.plannedAt + FULL_GAP_MS);
        continue;
      }
      [this.needFull, this.needWindow].forEach((set) => set.delete(name));
      await this.plan(job, 'full');
    }
    for (const name of [...this.needWindow]) {
      this.needWindow.delete(name);
      await this.plan(this.jobs.get(name)!, 'window');
    }
    return deferred;
  }

  private async plan(job: CameraJob, scope: 'full' | 'window'): Promise<void> {
    try {
      await replanCamera(job, { retentionDays: this.options.offsite.retention_days, now: Date.now(), window: scope === 'window' });
    } catch (error) {
      this.options.log.warn(`${job.camera.name}: could not plan the off-site copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // The lag of each camera: STATUS= for systemd, and the max_lag alarm.
  private report(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const lines = [];
    for (const job of this.jobs.values()) {
      const backlog = backlogOf(job.queue, now);
      lines.push({ camera: job.camera.name, ...backlog });
      if (!job.planned) continue;
      const { alarm, change } = checkLag(this.alarms.get(job.camera.name) ?? { over: false }, backlog.lagSeconds, this.options.offsite.max_lag, now);
      this.alarms.set(job.camera.name, alarm);
      if (change) this.options.onLagChange?.(job.camera.name, change);
    }
    this.options.onStatus?.(statusLine(lines, this.health, now));
  }

  // Waits ms, or until a change or stop() wakes the loop.
  private sleep(ms: number): Promise<void> {
    this.sleeping = true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        [this.sleeping, this.wake] = [false, undefined];
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

// Whether the local file an upload sends is gone (an interrupted upload's recovery copes with that
// itself: its failures are the remote's).
async function localGone(action: OffsiteAction): Promise<boolean> {
  return action.type === 'upload' && (await access(action.local).then(() => false, () => true));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
