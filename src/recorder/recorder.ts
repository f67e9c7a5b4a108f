// The per-camera loop: probe, run FFmpeg, watch its progress, reconnect forever, feed the watchdog.
import path from 'node:path';
import type { Camera, Config } from '../config/schema.js';
import { buildRecordArgs } from '../ffmpeg/args.js';
import type { FfmpegExit, FfmpegHandlers, FfmpegRun } from '../ffmpeg/process.js';
import { planAudio, type AudioPlan, type ProbeResult } from '../ffmpeg/probe.js';
import type { ProgressBlock, SegmentEntry } from '../ffmpeg/progress.js';
import type { Logger } from '../log/logger.js';
import type { Notifier } from '../systemd/notify.js';
import { RecorderEvents, type RecorderState } from './events.js';
import { explainExit, explainText, isNetworkReason, needsPerson } from './explain.js';
import { backoffDelay, isHealthy, type HealthLimits } from './health.js';
import { segmentFileName } from './naming.js';
import type { RunAnchor } from './run-anchor.js';
import { TimeKeeper } from './time-keeper.js';
import { RunClock } from '../time/run-clock.js';
import { systemClock, type Clock } from '../time/system-clock.js';

// Everything the loop touches outside itself, so tests can drive it with fakes and fake timers.
export interface RecorderDeps {
  camera: Camera;
  config: Config;
  log: Logger;
  notifier: Notifier;
  events?: RecorderEvents;
  now?: () => number; // tests: one clock for durations and instants
  clock?: Clock; // wall and monotonic clocks, for the true times of footage
  clockSynchronised?(): Promise<boolean | undefined>; // undefined: cannot tell
  recordTime?(file: string, time: { start: number; end: number; run: string }): Promise<void>; // a segment's exact times
  recordStep?(seconds: number, at: number): Promise<void>; // a step of the wall clock
  probe(): Promise<ProbeResult>;
  spawn(args: string[], handlers: FfmpegHandlers): FfmpegRun;
  newRunDir(): Promise<string>; // a fresh staging folder for one FFmpeg run
  // A closed segment → segments/, named by nameFor from the length of its video (undefined: it held no footage).
  moveSegment(runDir: string, file: string, nameFor?: (video: { seconds: number; frames: number } | undefined) => string | undefined): Promise<string | undefined>;
  salvageRun(runDir: string): Promise<void>; // after FFmpeg exits: whatever is left in staging (its folder at least)
  salvageAtStart?(): Promise<void>; // whatever an earlier run left in staging
  diagnose?(reason: string): Promise<string>; // a sharper reason, where the shell can ask the camera
  anchorWriter?(runDir: string): AnchorSink; // tells readers when the footage in staging was (run-anchor.ts)
}

// Where a run's anchor goes (AnchorWriter): set whenever it may have changed, closed at the run's end.
export interface AnchorSink {
  set(anchor: RunAnchor | undefined): void;
  close(): Promise<void>;
}

export const STOP_GRACE_MS = 3000; // SIGINT, then SIGKILL after this
const TICK_MS = 1000;
// A run's segments wait at most this, from when the first begins to wait, for its clock to settle
// (RunClock's SETTLE_MS after the first report, which comes 2-3 s after the start; FFmpeg reports
// every second: -stats_period 1).
export const SETTLE_WAIT_MS = 8000;
// A failure a person must fix (a refused login) is an error line at most this often; the attempts
// between are info lines, so `journalctl -p err` shows it without a line every 5 s.
export const ERROR_EVERY_MS = 60_000;

// The time the recorder gives each phase before it acts; systemd's WatchdogSec must exceed them all.
export function healthLimits(config: Pick<Config, 'recording' | 'ffmpeg'>): HealthLimits {
  const socketS = config.ffmpeg.timeout / 1e6;
  return {
    probeTimeoutMs: (2 * socketS + 10) * 1000,
    connectTimeoutMs: Math.max(config.recording.stall_timeout, 2 * socketS + 5) * 1000,
    stallTimeoutMs: config.recording.stall_timeout * 1000,
    stopGraceMs: STOP_GRACE_MS,
  };
}

interface Child {
  run: FfmpegRun;
  runDir: string;
  clock: RunClock; // when its frames were sent
  anchor: AnchorSink | undefined;
  closed: Map<string, number>; // closed files still in staging: media seconds of their start
  next: number; // media seconds where the file being written starts
  onReport: Array<() => void>; // called at its next progress report
  settleBy: number | null; // when its segments stop waiting for its clock to settle (settle())
  startedAt: number;
  lastFrame: number;
  firstFootageAt: number | null;
  lastAdvanceAt: number | null;
  stopSentAt: number | null;
  stalledFor: number | null; // seconds of silence when we stopped it for a stall
  alive: boolean;
  exited: Promise<void>;
}

export class Recorder {
  readonly events: RecorderEvents;
  private readonly now: () => number;
  private readonly wallNow: () => number;
  private readonly clock: Clock;
  private readonly limits: HealthLimits;
  private state: RecorderState = 'connecting';
  private child: Child | null = null;
  private probing: { since: number } | null = null;
  private audio: AudioPlan | null;
  private failures = 0;
  private lastErrorAt: number | null = null;
  private outageSince: number | null = null;
  private stalledOutage = false;
  private everRecorded = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attemptStartedAt: number | null = null; // monotonic ms, the last attempt's start
  private tickTimer: NodeJS.Timeout | null = null;
  private fileQueue: Promise<unknown> = Promise.resolve();
  private readonly time: TimeKeeper;
  private held: Array<{ child: Child; entry: SegmentEntry }> = []; // closed, waiting for a synchronised clock
  private salvageHeld = false; // a run ended while segments were held: its leftovers wait too
  private stopping = false;
  private finished!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(private readonly deps: RecorderDeps) {
    this.events = deps.events ?? new RecorderEvents();
    // Durations (stalls, back-off, the watchdog) on the monotonic clock: a step of the wall clock
    // is no stall. Instants told to the world (events' `at`) are wall-clock times.
    const clock = (this.clock = deps.clock ?? systemClock);
    this.now = deps.now ?? (() => clock.monoMs());
    this.wallNow = deps.now ?? (() => clock.wallMs());
    this.limits = healthLimits(deps.config);
    // Only `auto` needs to know the camera's audio codec; the other modes are known now.
    this.audio = deps.camera.audio === 'auto' ? null : deps.camera.audio === 'none' ? 'none' : deps.camera.audio;
    this.time = new TimeKeeper({
      clock,
      synchronised: deps.clockSynchronised,
      log: deps.log,
      events: this.events,
      onStep: (seconds, at) => void deps.recordStep?.(seconds, at).catch(() => undefined),
      onRelease: () => void this.releaseHeld(),
    });
  }

  // Runs until stop(); resolves when FFmpeg has finalised its last segment.
  async run(): Promise<void> {
    this.deps.notifier.ready(); // ready once running, whether or not the camera is up
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    await this.time.start();
    // What a crash left behind is salvaged while the watchdog is already fed (no child is alive).
    await this.deps.salvageAtStart?.().catch((error: unknown) => this.deps.log.error(`salvage failed: ${error instanceof Error ? error.message : String(error)}`));
    void this.attempt();
    await this.done;
  }

  // First call: stop FFmpeg gracefully (it finalises its segment). Second call: kill it now.
  stop(): void {
    if (this.stopping) {
      this.child?.run.kill();
      return;
    }
    this.stopping = true;
    this.deps.notifier.stopping();
    this.setState('stopping', 'stopping');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.child) this.stopChild();
    else void this.finish();
  }

  // Whether the watchdog should be fed now (see isHealthy).
  healthy(): boolean {
    const now = this.now();
    if (this.probing) return isHealthy({ childAlive: true, phase: 'probe', silentSince: this.probing.since }, now, this.limits);
    const c = this.child;
    if (!c?.alive) return true;
    const phase = c.lastAdvanceAt === null ? 'connect' : 'record';
    return isHealthy({ childAlive: true, phase, silentSince: c.lastAdvanceAt ?? c.startedAt }, now, this.limits);
  }

  currentState(): RecorderState {
    return this.state;
  }

  private tick(): void {
    this.time.tick();
    const c = this.child?.alive ? this.child : null;
    if (c && c.stopSentAt === null && !this.stopping) {
      const silentMs = this.now() - (c.lastAdvanceAt ?? c.startedAt);
      const limit = c.lastAdvanceAt === null ? this.limits.connectTimeoutMs : this.limits.stallTimeoutMs;
      if (silentMs > limit) this.onStall(c, silentMs);
    }
    if (c && c.stopSentAt !== null && this.now() - c.stopSentAt >= STOP_GRACE_MS) c.run.kill();
    if (this.deps.notifier.enabled && this.healthy()) this.safeNotify(() => this.deps.notifier.watchdog());
  }

  private async attempt(): Promise<void> {
    this.reconnectTimer = null;
    if (this.stopping) return;
    this.attemptStartedAt = this.now();
    this.setState('connecting', 'connecting to the camera');
    if (this.audio === null) {
      const ok = await this.probeAudio();
      if (!ok || this.stopping) return;
    }
    let runDir: string;
    try {
      runDir = await this.deps.newRunDir();
    } catch (error) {
      // "folder …/.staging/<run> cannot be created: no space left on device" → "the disk is full":
      // one reason for every attempt, and an error line where a person must act.
      const message = error instanceof Error ? error.message : String(error);
      return this.onAttemptFailed(explainText(message) ?? message, [message]);
    }
    if (this.stopping) return;
    const args = buildRecordArgs({ ...this.deps.config, camera: this.deps.camera, audio: this.audio ?? 'none', stagingDir: runDir });
    this.deps.log.debug(`starting FFmpeg: ffmpeg ${args.join(' ')}`);
    let resolveExit!: () => void;
    const exited = new Promise<void>((resolve) => (resolveExit = resolve));
    const child: Child = {
      run: undefined as unknown as FfmpegRun,
      runDir,
      clock: new RunClock(),
      anchor: this.deps.anchorWriter?.(runDir),
      closed: new Map(),
      next: 0,
      onReport: [],
      settleBy: null,
      startedAt: this.now(),
      lastFrame: 0,
      firstFootageAt: null,
      lastAdvanceAt: null,
      stopSentAt: null,
      stalledFor: null,
      alive: true,
      exited,
    };
    this.child = child;
    child.run = this.deps.spawn(args, {
      onProgress: (block) => this.onProgress(child, block),
      onSegment: (entry) => this.onSegment(child, entry),
      onStderr: (line) => this.deps.log.debug(`ffmpeg: ${line}`),
      onExit: (exit) => void this.onExit(child, exit).finally(resolveExit),
    });
  }

  private async probeAudio(): Promise<boolean> {
    this.probing = { since: this.now() };
    let message: string;
    try {
      const probe = await this.deps.probe();
      if (!probe.video) throw new Error('the camera sends no video');
      this.audio = planAudio(this.deps.camera.audio, probe.audio?.codec ?? null);
      const audioText = probe.audio ? `${probe.audio.codec} → ${this.audio === 'aac' ? 'AAC' : this.audio}` : 'none';
      this.deps.log.info(`camera sends ${probe.video.codec} ${probe.video.width}x${probe.video.height}, audio ${audioText}`);
      return true;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    } finally {
      this.probing = null; // the diagnosis below is not the probe's time
    }
    this.onAttemptFailed(await this.diagnose(explainText(message) ?? message.replace(/^probing \S+ failed: /, '')), [message]);
    return false;
  }


  private onProgress(c: Child, block: ProgressBlock): void {
    if (c !== this.child || block.frame <= c.lastFrame) return;
    const now = this.now();
    c.clock.observe(this.clock.monoMs(), block.outTimeUs, block.frame);
    this.updateAnchor(c);
    for (const resolve of c.onReport.splice(0)) resolve();
    c.lastFrame = block.frame;
    c.lastAdvanceAt = now;
    c.firstFootageAt ??= now;
    if (this.state === 'recording' || c.stopSentAt !== null) return;
    this.setState('recording', 'recording');
    if (this.outageSince !== null) {
      const outageSeconds = Math.round((now - this.outageSince) / 1000);
      this.deps.log.info(`recording again after ${outageSeconds} s`);
      this.events.emit({ type: this.stalledOutage ? 'recovered' : 'reconnected', outageSeconds, at: this.wallNow() });
    } else if (!this.everRecorded) this.deps.log.info('recording');
    this.everRecorded = true;
    this.outageSince = null;
    this.stalledOutage = false;
  }

  private onSegment(c: Child, entry: SegmentEntry): void {
    c.closed.set(entry.file, entry.start);
    c.next = Math.max(c.next, entry.end); // the segments of a run abut: the next one starts here
    this.updateAnchor(c);
    this.queueFile(async () => {
      if (this.time.holding()) this.held.push({ child: c, entry });
      else await this.admit(c, entry);
    });
  }

  // Moves a closed segment into segments/, named by the true time of its first frame. Its end is
  // where the segment list says; its start is its video's length before that (the list's start
  // of a run's first segment counts frames FFmpeg dropped while waiting for a keyframe).
  private async admit(c: Child, entry: SegmentEntry): Promise<void> {
    await this.settle(c);
    let time: { start: number; end: number } | undefined;
    const dest = await this.deps.moveSegment(c.runDir, entry.file, (video) => {
      // The frame duration from the file itself when the reports do not span enough frames yet.
      const end = c.clock.monoAt(entry.end, video && video.frames > 0 ? (video.seconds * 1000) / video.frames : undefined);
      if (end === undefined) return undefined; // no progress report yet: FFmpeg's own name
      const seconds = video?.seconds ?? entry.end - entry.start;
      time = { start: Math.round(this.time.wallAt(end - seconds * 1000)), end: Math.round(this.time.wallAt(end)) };
      return segmentFileName(time.start);
    });
    c.closed.delete(entry.file);
    this.updateAnchor(c);
    if (dest === undefined) return;
    if (time) await this.deps.recordTime?.(dest, { ...time, run: this.time.runId(path.basename(c.runDir)) }).catch(() => undefined);
    this.events.emit({ type: 'segment', file: dest, seconds: entry.end - entry.start, at: this.wallNow() });
  }

  // The run's anchor as it stands: none while the clock is not believed or before FFmpeg reported.
  private updateAnchor(c: Child): void {
    const zero = c.clock.monoAt(0);
    if (!c.anchor || !c.alive) return;
    if (zero === undefined || this.time.holding()) return c.anchor.set(undefined);
    const run = this.time.runId(path.basename(c.runDir));
    c.anchor.set({ run, anchor: Math.round(this.time.wallAt(zero)), closed: Object.fromEntries(c.closed), next: c.next });
  }

  // A run's first segments close during or just after FFmpeg's probe burst, when its only report
  // times the run ~1.9 s late: they wait (on its reports, SETTLE_WAIT_MS at most for the whole run,
  // not once it has exited) until its clock has settled. A recorder killed meanwhile leaves them in
  // staging.
  private async settle(c: Child): Promise<void> {
    const until = (c.settleBy ??= this.now() + SETTLE_WAIT_MS);
    while (c.alive && !c.clock.settled() && this.now() < until) await this.nextReport(c, until - this.now());
  }

  // Resolves at the child's next progress report, when it exits, or after waitMs.
  private nextReport(c: Child, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      c.onReport.push(() => (clearTimeout(timer), resolve()));
    });
  }

  // The clock can be believed now (or never will be): the segments kept back are named and moved.
  private releaseHeld(): Promise<unknown> {
    return this.queueFile(async () => {
      const held = this.held;
      this.held = [];
      for (const { child, entry } of held) await this.admit(child, entry);
      if (this.salvageHeld && !this.child?.alive) await this.deps.salvageRun(held[0]?.child.runDir ?? '');
      this.salvageHeld = false;
    });
  }

  private onStall(c: Child, silentMs: number): void {
    const seconds = Math.round(silentMs / 1000);
    c.stalledFor = seconds;
    const what = c.lastAdvanceAt === null ? `no footage ${seconds} s after connecting` : `stream stalled for ${seconds} s`;
    this.deps.log.warn(`${what}: restarting FFmpeg`);
    this.setState('stalled', what);
    this.events.emit({ type: 'stalled', silentSeconds: seconds, at: this.wallNow() });
    this.stopChild();
  }

  private stopChild(): void {
    const c = this.child;
    if (!c || c.stopSentAt !== null) return;
    c.stopSentAt = this.now();
    c.run.stop();
  }

  private async onExit(c: Child, exit: FfmpegExit): Promise<void> {
    c.alive = false;
    for (const resolve of c.onReport.splice(0)) resolve(); // no report will come
    await c.anchor?.close(); // before what is left in staging is admitted (and its folder removed)
    await this.queueFile(async () => {
      if (this.time.holding()) this.salvageHeld = true; // what it left waits with the held segments
      else await this.deps.salvageRun(c.runDir);
    });
    if (this.child === c) this.child = null;
    if (this.stopping) return this.finish();
    if (c.firstFootageAt !== null) this.failures = 0;
    const reason = c.stalledFor !== null ? `stream stalled for ${c.stalledFor} s` : await this.diagnose(explainExit(exit));
    // A run that failed for another reason than the network may mean the camera changed codecs
    // (a firmware update, a reboot with other settings): ask it again before the next run.
    if (c.firstFootageAt === null && c.stalledFor === null && !isNetworkReason(reason) && this.deps.camera.audio === 'auto') this.audio = null;
    if (c.lastAdvanceAt !== null && this.outageSince === null) {
      this.outageSince = c.lastAdvanceAt;
      this.stalledOutage = c.stalledFor !== null;
      if (c.stalledFor === null) this.events.emit({ type: 'disconnected', reason, at: this.wallNow() });
    }
    this.onAttemptFailed(reason, exit.stderrTail);
  }

  private onAttemptFailed(reason: string, detail: readonly string[]): void {
    if (this.stopping) return void this.finish();
    if (this.outageSince === null) {
      this.outageSince = this.now();
      this.events.emit({ type: 'disconnected', reason, at: this.wallNow() });
    }
    this.failures++;
    const rec = this.deps.config.recording;
    const outageSeconds = (this.now() - (this.outageSince ?? this.now())) / 1000;
    // Attempts begin at most once per delay: after a run that lasted longer (footage for hours,
    // or a connection that hung until the camera came back) the next one begins at once.
    const now = this.now();
    const waitMs = Math.max(0, backoffDelay(outageSeconds, rec.reconnect_delay, rec.max_reconnect_delay) * 1000 - (now - (this.attemptStartedAt ?? now)));
    const line = waitMs < 500 ? `${reason}; reconnecting now` : `${reason}; reconnecting in ${Math.round(waitMs / 1000)} s`;
    const attempt = this.failures === 1 ? line : `${line} (attempt ${this.failures})`;
    if (needsPerson(reason) && (this.lastErrorAt === null || now - this.lastErrorAt >= ERROR_EVERY_MS)) {
      this.lastErrorAt = now;
      this.deps.log.error(attempt);
    } else if (this.failures === 1) this.deps.log.warn(line);
    else this.deps.log.info(attempt);
    this.events.emit({ type: 'attempt-failed', reason, attempt: this.failures, at: this.wallNow() });
    for (const d of detail.slice(-3)) this.deps.log.debug(`  ${d}`);
    this.setState('waiting', line);
    this.reconnectTimer = setTimeout(() => void this.attempt(), waitMs);
  }

  // The shell's sharper reason (the camera's port asked directly), never failing the loop.
  private async diagnose(reason: string): Promise<string> {
    if (!this.deps.diagnose) return reason;
    return this.deps.diagnose(reason).catch(() => reason);
  }

  private async finish(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.child) await this.child.exited;
    if (this.held.length > 0 || this.salvageHeld) {
      this.deps.log.warn(`stopping before the clock was synchronised: ${this.held.length} segment(s) kept back are named by the clock as it is`);
      await this.releaseHeld();
    }
    await this.fileQueue;
    this.setState('stopped', 'stopped');
    this.finished();
  }

  // File moves run one at a time, in order, so a late segment and a salvage never race.
  private queueFile(job: () => Promise<unknown>): Promise<unknown> {
    const next = this.fileQueue.then(job).catch((error: unknown) => {
      this.deps.log.error(`moving a segment failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.fileQueue = next;
    return next;
  }

  private setState(state: RecorderState, detail: string): void {
    this.state = state;
    this.safeNotify(() => this.deps.notifier.status(detail));
    this.events.emit({ type: 'state', state, detail });
  }

  private safeNotify(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.deps.log.warn(`sd_notify failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
