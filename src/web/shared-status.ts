// The status facts for the web server: requests that arrive while they are being gathered share
// that one gathering (a page polls /api/cameras every few seconds per open tab, Prometheus scrapes
// /metrics beside it: without this, each would gather the same facts again, side by side). A
// request after it ended gathers anew: what it answers is never older than the request's arrival
// less one gathering (~0.1 s for 16 cameras × 7 days). The off-site lag is worked out at most every
// OFFSITE_LAG_REUSE_MS (it lists the whole week).
import type { Config } from '../config/schema.js';
import { collectStatus, type CollectedStatus } from '../status/collect.js';
import { OFFSITE_LAG_REUSE_MS } from '../status/offsite-lag.js';

// Gatherings under way, by config (one per server), then by systemd manager (the user's or the system's).
const gatherings = new WeakMap<object, Map<boolean, Promise<CollectedStatus>>>();

// The facts at `now`, or those of the gathering under way for the same config and manager.
export function sharedStatus(config: Pick<Config, 'cameras' | 'recording' | 'offsite'>, options: { now: Date; user: boolean }, gather: typeof collectStatus = collectStatus): Promise<CollectedStatus> {
  let underWay = gatherings.get(config);
  if (!underWay) gatherings.set(config, (underWay = new Map()));
  const known = underWay.get(options.user);
  if (known) return known;
  const gathering = gather(config, { ...options, offsiteReuseMs: OFFSITE_LAG_REUSE_MS });
  underWay.set(options.user, gathering);
  const done = () => void underWay.delete(options.user);
  gathering.then(done, done);
  return gathering;
}
