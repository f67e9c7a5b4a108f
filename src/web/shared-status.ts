// The status facts for the web server: requests that arrive while they are being gathered share
// that one gathering, and its answer serves for SHARE_MS of real time after it ends. A page polls
// /api/cameras every few seconds per open tab and Prometheus scrapes /metrics beside it: each would
// gather the same facts again (16 cameras: every folder, systemd, the disks) within the same second.
import type { Config } from '../config/schema.js';
import { collectStatus, type CollectedStatus } from '../status/collect.js';

export const SHARE_MS = 1000;

interface Gathering {
  promise: Promise<CollectedStatus>;
  endedAt?: number; // performance.now() when it ended (real time, whatever the context's clock says)
}

// By config (one per server), then by systemd manager (the user's or the system's).
const gatherings = new WeakMap<object, Map<boolean, Gathering>>();

// The facts at `now`, or those of a gathering still running or ended less than SHARE_MS ago.
export function sharedStatus(config: Pick<Config, 'cameras' | 'recording'>, options: { now: Date; user: boolean }, gather = collectStatus): Promise<CollectedStatus> {
  let byManager = gatherings.get(config);
  if (!byManager) gatherings.set(config, (byManager = new Map()));
  const known = byManager.get(options.user);
  if (known && (known.endedAt === undefined || performance.now() - known.endedAt < SHARE_MS)) return known.promise;
  const gathering: Gathering = { promise: gather(config, options) };
  byManager.set(options.user, gathering);
  gathering.promise.then(
    () => (gathering.endedAt = performance.now()),
    () => byManager.get(options.user) === gathering && byManager.delete(options.user), // a failure is not shared later
  );
  return gathering.promise;
}
