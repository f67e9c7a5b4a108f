// Pure: the record unit's timings, derived from the config and the recorder's own limits.
import type { Config } from '../config/schema.js';
import { healthLimits, STOP_GRACE_MS } from '../recorder/recorder.js';
import { MAX_RESTART_DELAY_MS } from '../recorder/restart-pace.js';
import { START_ALLOWANCE_MS } from '../recorder/start-backoff.js';

export interface RecordTimings {
  watchdogSec: number; // WatchdogSec=: the backstop behind the recorder's own recovery
  restartSec: number; // RestartSec=: short; the recorder waits the rest itself (start-backoff.ts)
  timeoutStartSec: number; // TimeoutStartSec=: that wait, then the start up to READY=1 (a longer wait extends it)
  timeoutStopSec: number; // TimeoutStopSec=: time to finalise the segment in progress
}

// The recorder stops pinging once a child (ffprobe or FFmpeg) has been silent past its budget
// plus the stop grace (src/recorder/health.ts isHealthy, limits in src/recorder/recorder.ts).
// The watchdog must wait longer than the largest of those, so the recorder always acts first.
export function recordTimings(config: Config): RecordTimings {
  const limits = healthLimits(config);
  const budgetS = (Math.max(limits.probeTimeoutMs, limits.connectTimeoutMs, limits.stallTimeoutMs) + limits.stopGraceMs) / 1000;
  return {
    watchdogSec: Math.ceil(budgetS) + WATCHDOG_MARGIN_S,
    restartSec: RESTART_SEC,
    timeoutStartSec: (MAX_RESTART_DELAY_MS + START_ALLOWANCE_MS) / 1000,
    timeoutStopSec: Math.ceil(STOP_GRACE_MS / 1000) + STOP_MARGIN_S,
  };
}

// systemd restarts a recorder 1 s after it ends, whatever the config: a recorder killed after a long
// run records again within seconds. One that keeps dying young waits longer before it starts
// (start-backoff.ts, by `run`'s rule: reconnect_delay, doubling up to a minute), which systemd 252
// cannot do (no RestartSteps=). A restart is never at once: 1 s keeps a unit that fails before the
// recorder can wait (Node missing) from spinning.
const RESTART_SEC = 1;
// Covers the recorder's 1 s tick and the slack isHealthy allows after the grace.
const WATCHDOG_MARGIN_S = 5;
// After FFmpeg has gone, the recorder moves the last segment and exits.
const STOP_MARGIN_S = 7;
