// The recorder's view of the wall clock: how to turn a monotonic instant into a true UTC instant,
// whether the clock can be believed yet, and when it was stepped (docs/time.md).
// - Offset: wall − monotonic, read every tick. A change larger than STEP_MS is a step: logged once
//   with its size, told to `status`, and it starts a new run of footage (the merge never joins
//   footage across it). Footage is named by the clock in force when it is named.
// - A clock not yet synchronised (a Raspberry Pi has no RTC: it boots with the time of its last
//   shutdown) does not stop recording: closed segments are kept back in staging and named once the
//   clock is synchronised, from their monotonic time, so they carry their true times. If it never
//   is (a LAN without NTP), after SYNC_WAIT_MS they are named by the clock as it is, said once.
import type { Logger } from '../log/logger.js';
import type { Clock } from '../time/system-clock.js';
import { STEP_MS } from '../time/system-clock.js';
import { formatInstant } from '../time/local-time.js';
import type { RecorderEvents } from './events.js';

export const SYNC_WAIT_MS = 5 * 60_000;
export const SYNC_POLL_MS = 5000;

export interface TimeKeeperDeps {
  clock: Clock;
  synchronised?: () => Promise<boolean | undefined>;
  log: Logger;
  events: RecorderEvents;
  onStep?: (seconds: number, at: number) => void;
  onRelease: () => void; // segments kept back may be named now
  waitMs?: number;
}

type ClockState = 'synchronised' | 'unknown' | 'waiting' | 'unsynchronised';

export class TimeKeeper {
  private offset: number;
  private epoch = 0;
  private state: ClockState = 'unknown';
  private waitingSince = 0;
  private lastPoll = 0;
  private polling = false;

  constructor(private readonly deps: TimeKeeperDeps) {
    this.offset = deps.clock.wallMs() - deps.clock.monoMs();
  }

  // Asks once whether the clock is synchronised; while it is not, segments are kept back.
  async start(): Promise<void> {
    const synced = await this.ask();
    if (synced === false) {
      this.state = 'waiting';
      this.waitingSince = this.deps.clock.monoMs();
      this.lastPoll = this.waitingSince;
      const minutes = (this.deps.waitMs ?? SYNC_WAIT_MS) / 60_000;
      this.deps.log.info(`the clock is not synchronised yet: recording, and naming the footage once it is (waiting at most ${minutes} min)`);
      this.tell(false, 'not synchronised yet: footage is named once it is');
    } else if (synced) {
      this.state = 'synchronised';
      this.tell(true, 'synchronised');
    } else this.tell(null, 'cannot tell whether the clock is synchronised (no timedatectl): footage is named by it as it is');
  }

  // Every second: a step of the clock, and the end of a wait for synchronisation.
  tick(): void {
    const offset = this.deps.clock.wallMs() - this.deps.clock.monoMs();
    if (Math.abs(offset - this.offset) > STEP_MS) this.onStep(offset - this.offset);
    this.offset = offset;
    if (this.state !== 'waiting' || this.polling) return;
    const now = this.deps.clock.monoMs();
    if (now - this.waitingSince >= (this.deps.waitMs ?? SYNC_WAIT_MS)) return this.giveUp();
    if (now - this.lastPoll >= SYNC_POLL_MS) this.poll();
  }

  // Whether closed segments must be kept back (the clock is not synchronised yet).
  holding(): boolean {
    return this.state === 'waiting';
  }

  // The true instant (UTC ms) of a monotonic instant, by the clock as it is now.
  wallAt(mono: number): number {
    return mono + this.offset;
  }

  // The run of footage a segment of an FFmpeg run belongs to: a step of the clock starts a new one.
  runId(ffmpegRun: string): string {
    return `${ffmpegRun}.${this.epoch}`;
  }

  private onStep(deltaMs: number): void {
    this.epoch++;
    const seconds = Math.round(deltaMs / 100) / 10;
    const at = this.deps.clock.wallMs();
    const size = `${seconds > 0 ? '+' : ''}${seconds.toFixed(1)} s`;
    const line = `the clock stepped by ${size}: it now says ${formatInstant(at)}; footage from here on is named by it, and is never joined with footage from before the step`;
    if (this.state === 'waiting') this.deps.log.info(line);
    else this.deps.log.warn(line);
    this.deps.events.emit({ type: 'clock-step', seconds, at });
    this.deps.onStep?.(seconds, at);
    if (this.state === 'waiting') this.poll();
  }

  private poll(): void {
    this.polling = true;
    this.lastPoll = this.deps.clock.monoMs();
    void this.ask().then((synced) => {
      this.polling = false;
      // No answer (timedatectl timed out) is no news: the wait goes on, to SYNC_WAIT_MS at most.
      if (synced !== true || this.state !== 'waiting') return;
      this.state = 'synchronised';
      this.deps.log.info('the clock is synchronised now: naming the footage kept back by its true times');
      this.tell(true, 'synchronised');
      this.deps.onRelease();
    });
  }

  private giveUp(): void {
    this.state = 'unsynchronised';
    const minutes = (this.deps.waitMs ?? SYNC_WAIT_MS) / 60_000;
    this.deps.log.warn(`the clock is still not synchronised after ${minutes} min (no NTP server reachable?): footage is named by this machine's clock as it is, which may be wrong`);
    this.tell(false, "not synchronised: footage is named by this machine's clock as it is");
    this.deps.onRelease();
  }

  private async ask(): Promise<boolean | undefined> {
    return this.deps.synchronised ? this.deps.synchronised().catch(() => undefined) : undefined;
  }

  private tell(synchronised: boolean | null, detail: string): void {
    this.deps.events.emit({ type: 'clock', synchronised, detail });
  }
}
