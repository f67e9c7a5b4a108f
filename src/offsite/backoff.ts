// How the uploader waits after the remote fails, a pure state machine: 2 s doubling to 2 min with
// jitter while it cannot be reached or fails; 10 min when it refuses the credentials or is unknown
// to rclone (a config error: trying faster only fills the server's auth log). One log line when it
// starts failing, one when the failure turns from the network's to the config's or back, one when it
// recovers, never one per attempt; another network failure than the last (a refused connection after
// a lost one) is only a note for the verbose log.
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

// After a failed action: the new health, how long to wait, the line to log (when it started
// failing or the kind of failure changed) and a note (another failure of the same kind).
export function afterFailure(health: RemoteHealth, failure: Failure, now: number, random = Math.random()): { health: RemoteHealth; delayMs: number; log?: string; note?: string } {
  const config = isConfigFailure(failure.code);
  // A change of kind starts the network's back-off again from 2 s, as the line says.
  const failures = health.code !== undefined && isConfigFailure(health.code) !== config ? 1 : health.failures + 1;
  const base = config ? CONFIG_DELAY_MS : Math.min(FIRST_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS);
  const delayMs = Math.round(base * (1 + JITTER * (2 * random - 1)));
  const next = { failures, since: health.since ?? now, code: failure.code };
  if (health.code === failure.code) return { health: next, delayMs };
  const retry = config ? `retrying every ${formatDuration(CONFIG_DELAY_MS / 1000)} (or restart the uploader once it is fixed)` : `retrying in ${formatDuration(FIRST_DELAY_MS / 1000)}, then less often (up to every ${formatDuration(MAX_DELAY_MS / 1000)})`;
  if (health.code === undefined) return { health: next, delayMs, log: `off-site copy paused: ${failure.line}; ${retry}` };
  if (isConfigFailure(health.code) !== config) return { health: next, delayMs, log: `off-site copy still paused, now: ${failure.line}; ${retry}` };
  return { health: next, delayMs, note: `off-site copy still paused: ${failure.line}` };
}

// After a successful action: healthy again, with a line when it had been failing.
export function afterSuccess(health: RemoteHealth, now: number): { health: RemoteHealth; log?: string } {
  if (health.failures === 0) return { health };
  return { health: HEALTHY, log: `off-site remote answers again after ${formatDuration((now - (health.since ?? now)) / 1000)} of failures; the copy goes on` };
}
