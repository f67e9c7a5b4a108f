// Pure: what the supervisor of `cams-manager run` does when a recorder exits, with the rules of
// cams-record@.service: always restarted, never after exit 78 (a config a person must fix:
// RestartPreventExitStatus=78). A recorder that keeps dying within 10 s of its start waits longer
// each time (doubling up to a minute), so a crash loop costs little CPU; one that ran longer starts
// again at most reconnect_delay after its last start, so at once after a long run. Under systemd the
// unit restarts it after 1 s and the recorder waits the rest itself (start-backoff.ts): systemd 252
// (Debian 12) has no RestartSteps=, and a fixed RestartSec would cost a killed recorder's footage.
import { EXIT } from '../errors.js';

export const MAX_RESTART_DELAY_MS = 60_000;
export const LIVED_LONG_MS = 10_000; // shorter is a crash loop: the wait doubles

export interface ChildExit {
  code: number | null;
  signal: string | null;
  livedMs: number;
  watchdog: boolean; // the supervisor killed it: its pings stopped
}

export type RestartDecision = { restart: false; why: string } | { restart: true; delayMs: number; why: string };

// `previousDelayMs`: the delay before this run (undefined for the first start); `baseMs`: RestartSec.
export function decideRestart(exit: ChildExit, previousDelayMs: number | undefined, baseMs: number): RestartDecision {
  const how = describeExit(exit);
  if (exit.code === EXIT.CONFIG) return { restart: false, why: `${how} (the config or a secret must be fixed): not restarted until the config is read again (SIGHUP)` };
  const delayMs = restartDelayMs(exit.livedMs, previousDelayMs, baseMs);
  return { restart: true, delayMs, why: `${how}; ${delayMs === 0 ? 'restarting it now' : `restarting it in ${formatSeconds(delayMs)}`}` };
}

// Pure: the wait before starting again a recorder whose last run lasted `livedMs` (from its start
// to its restart) after a wait of `previousDelayMs` (undefined: it was the first start). It starts
// at most once per `baseMs` (RestartSec, reconnect_delay), as the recorder's own attempts do; one
// that keeps dying young waits longer each time. Used by `run` and by the record unit's recorder
// itself (start-backoff.ts), so both follow the same rule.
export function restartDelayMs(livedMs: number, previousDelayMs: number | undefined, baseMs: number): number {
  const young = livedMs < LIVED_LONG_MS && previousDelayMs !== undefined;
  return young ? Math.min(Math.max(baseMs, MAX_RESTART_DELAY_MS), Math.max(baseMs, previousDelayMs * 2)) : Math.max(0, baseMs - livedMs);
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function describeExit(exit: ChildExit): string {
  if (exit.watchdog) return 'the recorder stopped pinging the watchdog and was killed';
  if (exit.signal) return `the recorder was ended by ${exit.signal}`;
  return `the recorder exited with code ${exit.code}`;
}
