// A recorder under its unit that keeps dying young waits longer each time before it starts again.
// The record unit restarts it 1 s after any end (RestartSec=1), so a recorder killed after hours
// records again within seconds; systemd 252 (Debian 12) has no RestartSteps= to slow a crash loop,
// so the recorder does it: the unit gives each camera a folder that lives across restarts
// (RuntimeDirectory=cams-record/%i, RuntimeDirectoryPreserve=restart: $RUNTIME_DIRECTORY), where
// each start leaves its time on CLOCK_MONOTONIC and the wait before it. The next start waits by
// `run`'s rule (restart-pace.ts). The wait comes before anything else, before the config is read,
// so a config child that cannot start is slowed too; it uses the reconnect_delay of the last config
// read (5 s, the default, before one was). A start it cannot record waits that long anyway. Without
// $RUNTIME_DIRECTORY (`run`, a terminal) nothing waits: `run` applies the same rule to its children.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomically } from '../disk/write-atomically.js';
import { formatSeconds, restartDelayMs } from './restart-pace.js';

export const LAST_START_FILE = 'last-start.json';
export const DEFAULT_BASE_MS = 5000; // reconnect_delay's default
// What the start may take after a wait, up to READY=1 (Node, the config child), under load.
export const START_ALLOWANCE_MS = 30_000;

export interface LastStart {
  version: 1;
  at: number; // ms on CLOCK_MONOTONIC (shared by every process, reset at boot like the folder)
  delay_ms: number | null; // the wait before that start; null: it did not wait (the first start)
  base_ms: number; // the reconnect_delay it knew, in ms
}

export interface StartPlan {
  delayMs: number;
  why?: string; // said when it waits
  next: Omit<LastStart, 'at'>; // written, with the time, once the wait is over
}

// Pure: how long this start waits, from the last start's record and the monotonic time now.
export function planStart(last: LastStart | undefined, nowMs: number): StartPlan {
  if (!last) return { delayMs: 0, next: { version: 1, delay_ms: null, base_ms: DEFAULT_BASE_MS } };
  const livedMs = Math.max(0, nowMs - last.at);
  const delayMs = restartDelayMs(livedMs, last.delay_ms ?? undefined, last.base_ms);
  const why = delayMs > 0 ? `started again ${formatSeconds(livedMs)} after the last start: waiting ${formatSeconds(delayMs)} before starting (at most one start per reconnect_delay, doubling to a minute while it keeps dying young)` : undefined;
  return { delayMs, ...(why ? { why } : {}), next: { version: 1, delay_ms: delayMs, base_ms: last.base_ms } };
}

// Pure: the record, or undefined when the text is not one.
export function parseLastStart(text: string): LastStart | undefined {
  try {
    const r = JSON.parse(text) as LastStart;
    const ok = r.version === 1 && Number.isFinite(r.at) && (r.delay_ms === null || Number.isFinite(r.delay_ms)) && Number.isFinite(r.base_ms) && r.base_ms > 0;
    return ok ? r : undefined;
  } catch {
    return undefined;
  }
}

export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n); // CLOCK_MONOTONIC on Linux
}

export interface StartBackoff {
  // Records the reconnect_delay of the config just read, for the next start.
  setBase(baseMs: number): Promise<void>;
}

export interface Clock {
  now(): number; // ms on CLOCK_MONOTONIC
  sleep(ms: number): Promise<unknown>;
}

export interface BackoffOptions {
  dir: string | undefined; // $RUNTIME_DIRECTORY; undefined: never wait
  onWait(why: string, ms: number): void; // before each wait (the log, the unit's STATUS= and start timeout)
  warn(text: string): void; // a record that cannot be read or written
  clock?: Clock;
}

const REAL_CLOCK: Clock = { now: monotonicMs, sleep: (ms) => sleep(ms) };

// Waits as planned, then records this start; a start it cannot record waits reconnect_delay (else
// a recorder dying at once would be restarted every second, unpaced). A process ended during its
// wait (a person's `systemctl restart`) records nothing: the next start counts from the start
// before, so it goes at once.
export async function waitBeforeStart({ dir, onWait, warn, clock = REAL_CLOCK }: BackoffOptions): Promise<StartBackoff> {
  if (!dir) return { setBase: async () => undefined };
  const file = path.join(dir, LAST_START_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') warn(`cannot read ${file} (${error.code ?? error.message})`);
    return undefined;
  });
  const plan = planStart(text === undefined ? undefined : parseLastStart(text), clock.now());
  if (plan.why) onWait(plan.why, plan.delayMs);
  if (plan.delayMs > 0) await clock.sleep(plan.delayMs);
  let record: LastStart = { ...plan.next, at: clock.now() };
  const write = async (next: LastStart) => {
    record = next;
    try {
      await writeFileAtomically(file, JSON.stringify(record));
      return true;
    } catch (error) {
      warn(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return false;
    }
  };
  if (!(await write(record))) {
    onWait(`waiting ${formatSeconds(record.base_ms)} before starting, as the next start could not tell when this one was`, record.base_ms);
    await clock.sleep(record.base_ms);
  }
  return {
    setBase: async (baseMs) => {
      if (baseMs !== record.base_ms) await write({ ...record, base_ms: baseMs });
    },
  };
}
