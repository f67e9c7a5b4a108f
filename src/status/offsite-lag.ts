// What `status` and /metrics say of the off-site copy, per camera: how far behind it is (the age of
// the oldest footage not off-site yet) and how much is still to send. From the camera's off-site
// state, read only and followed (state-follow.ts: status never writes or compacts it, the uploader
// is its one writer; the web server reads only what was appended since its last look), and the
// footage catalogue's files, through the uploader's own pure plan (planOffsite), so both agree.
import type { OffsiteConfig } from '../config/schema.js';
import { listFootage } from '../footage/read-files.js';
import { planOffsite } from '../offsite/plan.js';
import { isOffsite } from '../offsite/coverage.js';
import { remotePathOf } from '../offsite/remote-path.js';
import { followOffsiteState } from '../offsite/state-follow.js';
import type { OffsiteState } from '../offsite/state-events.js';
import type { FootageFile } from '../footage/catalogue.js';

const DAY_MS = 86_400_000;

export interface OffsiteLag {
  lag_s: number | null; // age of the oldest footage not off-site yet; 0 when all of it is
  oldest_pending: string | null; // ISO: the start of that footage
  pending_bytes: number | null; // of the files still to send (merged minutes replacing segments included)
  pending_files: number | null;
  max_lag_s: number; // offsite.max_lag: the uploader sends a Telegram message past it
  error: string | null; // the state or the recordings could not be read: the rest is null
}

// The web server reuses a camera's lag this long (ms): a page polls /api/cameras every few seconds,
// and listing a week of footage to plan it costs ~10 ms a camera (bench/status-scan --offsite).
export const OFFSITE_LAG_REUSE_MS = 10_000;
const known = new Map<string, { at: number; lag: OffsiteLag }>();

// The lag of one camera at `now`, or the one worked out less than `reuseMs` before.
export async function readOffsiteLag(camera: { name: string; output_dir: string }, offsite: OffsiteConfig, now: Date, reuseMs = 0): Promise<OffsiteLag> {
  const last = known.get(camera.output_dir);
  if (last && now.getTime() - last.at >= 0 && now.getTime() - last.at < reuseMs) return last.lag;
  const lag = await workOutLag(camera, offsite, now);
  if (reuseMs > 0) known.set(camera.output_dir, { at: now.getTime(), lag });
  return lag;
}

// Footage past offsite.retention_days is never sent, so not listed.
async function workOutLag(camera: { name: string; output_dir: string }, offsite: OffsiteConfig, now: Date): Promise<OffsiteLag> {
  try {
    const retentionDays = offsite.retention_days ?? Infinity;
    const from = Number.isFinite(retentionDays) ? now.getTime() - retentionDays * DAY_MS : 0;
    const [state, listed] = await Promise.all([followOffsiteState(camera.output_dir), listFootage(camera.output_dir, from, now.getTime(), { timesOnly: true })]);
    // Only what is not off-site is planned, as a window (`from`: no deletes are worked out); files
    // on the remote at their size add nothing to the lag or the bytes pending.
    const files = notOnRemote(camera.name, listed.files, state);
    const plan = planOffsite({ camera: camera.name, files, state, retentionDays, now: now.getTime(), from });
    const oldest = plan.oldestPending === undefined ? null : new Date(plan.oldestPending).toISOString();
    return { lag_s: Math.round(plan.lagSeconds), oldest_pending: oldest, pending_bytes: plan.pendingBytes, pending_files: plan.pendingFiles, max_lag_s: offsite.max_lag, error: null };
  } catch (error) {
    return { lag_s: null, oldest_pending: null, pending_bytes: null, pending_files: null, max_lag_s: offsite.max_lag, error: (error as Error).message };
  }
}

// The files the state does not have at their size (a week of minutes is 10 000 names: a Map lookup each).
function notOnRemote(camera: string, files: readonly FootageFile[], state: OffsiteState): FootageFile[] {
  return files.filter((f) => {
    const remote = remotePathOf(camera, f.path);
    return remote === undefined || !isOffsite(state, remote, f.bytes);
  });
}
