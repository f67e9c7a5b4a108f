// Pure: the record unit's timings, derived from the config and the recorder's own limits.
import type { Config } from '../config/schema.js';
import { healthLimits, STOP_GRACE_MS } from '../recorder/recorder.js';

export interface RecordTimings {
  watchdogSec: number; // WatchdogSec=: the backstop behind the recorder's own recovery
  restartSec: string; // RestartSec=: the config's reconnect_delay
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
    restartSec: timeSpan(config.recording.reconnect_delay),
    timeoutStopSec: Math.ceil(STOP_GRACE_MS / 1000) + STOP_MARGIN_S,
  };
}

// Covers the recorder's 1 s tick and the slack isHealthy allows after the grace.
const WATCHDOG_MARGIN_S = 5;
// After FFmpeg has gone, the recorder moves the last segment and exits.
const STOP_MARGIN_S = 7;

// Seconds as a systemd time span: "5", or "500ms" for fractions.
export function timeSpan(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : `${Math.round(seconds * 1000)}ms`;
}
