// How the uploader waits after the remote fails, a pure state machine: 2 s doubling to 2 min with
// jitter while it cannot be reached or fails; 10 min when it refuses the credentials or is unknown
// to rclone (a config error: trying faster only fills the server's auth log). One log line when the
// state changes (failing, a different failure, recovered), never one per attempt.
import { formatDuration } from '../log/duration.js';

export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 120_000;
export const CONFIG_DELAY_MS = 600_000;
const JITTER = 0.2; // ± this share of the delay

export interface RemoteHealth {
  failures: number; // in a row
  since?: number; // ms: the first of them
  code?: string; // the last failure's code
}

export interface Failure {
  code: string; // CamsError code
  line: string; // what to log (one line, redacted)
}

export const HEALTHY: RemoteHealth = { failures: 0 };

export function isConfigFailure(code: string): boolean {
  return code === 'E_OFFSITE_AUTH' || code === 'E_OFFSITE_UNKNOWN_REMOTE';
}

// After a failed action: the new health, how long to wait, and the line to log (when it changed).
export function afterFailure(health: RemoteHealth, failure: Failure, now: number, random = Math.random()): { health: RemoteHealth; delayMs: number; log?: string } {
  const failures = health.failures + 1;
  const config = isConfigFailure(failure.code);
  const base = config ? CONFIG_DELAY_MS : Math.min(FIRST_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS);
  const delayMs = Math.round(base * (1 + JITTER * (2 * random - 1)));
  const next = { failures, since: health.since ?? now, code: failure.code };
  if (health.code === failure.code) return { health: next, delayMs };
  const retry = config ? `retrying every ${formatDuration(CONFIG_DELAY_MS / 1000)} (or restart the uploader once it is fixed)` : `retrying in ${formatDuration(FIRST_DELAY_MS / 1000)}, then less often (up to every ${formatDuration(MAX_DELAY_MS / 1000)})`;
  return { health: next, delayMs, log: `off-site copy paused: ${failure.line}; ${retry}` };
}

// After a successful action: healthy again, with a line when it had been failing.
export function afterSuccess(health: RemoteHealth, now: number): { health: RemoteHealth; log?: string } {
  if (health.failures === 0) return { health };
  return { health: HEALTHY, log: `off-site remote answers again after ${formatDuration((now - (health.since ?? now)) / 1000)} of failures; the copy goes on` };
}
