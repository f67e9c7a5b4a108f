// Pure: what the supervisor of `cams-manager run` does when a recorder exits, with the rules of
// cams-record@.service: Restart=always after RestartSec, never after exit 78 (a config a person
// must fix: RestartPreventExitStatus=78). Like systemd's RestartSteps, a recorder that keeps dying
// within 10 s of its start waits longer each time (doubling up to a minute), so a crash loop costs
// little CPU; one that ran longer starts again at most RestartSec (reconnect_delay) after its last
// start, so at once after a long run.
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
  // Starts at most once per RestartSec, as the recorder's own attempts do; one that keeps dying
  // young waits longer each time.
  const young = exit.livedMs < LIVED_LONG_MS && previousDelayMs !== undefined;
  const delayMs = young ? Math.min(Math.max(baseMs, MAX_RESTART_DELAY_MS), Math.max(baseMs, previousDelayMs * 2)) : Math.max(0, baseMs - exit.livedMs);
  return { restart: true, delayMs, why: `${how}; ${delayMs === 0 ? 'restarting it now' : `restarting it in ${formatSeconds(delayMs)}`}` };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function describeExit(exit: ChildExit): string {
  if (exit.watchdog) return 'the recorder stopped pinging the watchdog and was killed';
  if (exit.signal) return `the recorder was ended by ${exit.signal}`;
  return `the recorder exited with code ${exit.code}`;
}
