// Pure: what the supervisor of `cams-manager run` does when a recorder exits, with the rules of
// cams-record@.service: always restarted, never after exit 78 (a config a person must fix:
// RestartPreventExitStatus=78), at the pace of restart-pace.ts. Under systemd the unit restarts it
// after 1 s and the recorder waits the rest itself (start-backoff.ts): systemd 252 (Debian 12) has
// no RestartSteps=, and a fixed RestartSec would cost a killed recorder's footage.
import { EXIT } from '../errors.js';
import { formatSeconds, restartDelayMs } from '../recorder/restart-pace.js';

export interface ChildExit {
  code: number | null;
  signal: string | null;
  livedMs: number;
  watchdog: boolean; // the supervisor killed it: its pings stopped
}

export type RestartDecision = { restart: false; why: string } | { restart: true; delayMs: number; why: string };

// `previousDelayMs`: the delay before this run (undefined for the first start); `baseMs`: reconnect_delay.
export function decideRestart(exit: ChildExit, previousDelayMs: number | undefined, baseMs: number): RestartDecision {
  const how = describeExit(exit);
  if (exit.code === EXIT.CONFIG) return { restart: false, why: `${how} (the config or a secret must be fixed): not restarted until the config is read again (SIGHUP)` };
  const delayMs = restartDelayMs(exit.livedMs, previousDelayMs, baseMs);
  return { restart: true, delayMs, why: `${how}; ${delayMs === 0 ? 'restarting it now' : `restarting it in ${formatSeconds(delayMs)}`}` };
}

export function describeExit(exit: ChildExit): string {
  if (exit.watchdog) return 'the recorder stopped pinging the watchdog and was killed';
  if (exit.signal) return `the recorder was ended by ${exit.signal}`;
  return `the recorder exited with code ${exit.code}`;
}
