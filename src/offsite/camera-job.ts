// One camera's part of the uploader: its off-site state (opened under the camera's off-site lock),
// its queue of planned actions, and its plans: the whole retention (at start, after a merge and
// periodically) or the newest minutes only (at each new segment, a few ms; docs/offsite.md).
import path from 'node:path';
import type { Camera } from '../config/schema.js';
import { readFootageFiles } from '../footage/read-files.js';
import { takeLock, type Lock } from '../recorder/lock.js';
import { makeDirs } from '../recorder/folders.js';
import { FRESH_MS, planOffsite, type OffsitePlan } from './plan.js';
import { mergeQueues, queueOf, type Queued } from './schedule.js';
import type { OffsiteState } from './state-events.js';
import { openOffsiteState, stateLogPath, type OffsiteStateLog } from './state.js';

const DAY_MS = 86_400_000;
const AHEAD_MS = 60_000; // footage named a little in the future (a clock step) is still listed

export interface CameraJob {
  camera: Camera;
  log: OffsiteStateLog;
  queue: Queued[];
  planned: boolean; // a whole plan has been made (the lag is known)
  plannedAt: number; // ms: the last whole plan
  close(): Promise<void>;
}

// Takes the camera's off-site lock and opens its state; throws E_LOCKED when another uploader has it.
export async function openCameraJob(camera: Camera): Promise<CameraJob> {
  const folder = path.dirname(stateLogPath(camera.output_dir));
  await makeDirs(folder);
  const lock: Lock = await takeLock(path.join(folder, 'uploader.lock'), `the off-site uploader of camera "${camera.name}"`);
  try {
    const log = await openOffsiteState(camera.output_dir);
    return { camera, log, queue: [], planned: false, plannedAt: 0, close: async () => (await log.close(), await lock.release()) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

export interface PlanOptions {
  retentionDays: number | undefined; // on the remote; none: kept for ever
  now: number;
  window: boolean; // the newest minutes only, merged into the queue
}

// Plans the camera again and sets its queue.
export async function replanCamera(job: CameraJob, options: PlanOptions): Promise<OffsitePlan> {
  const plan = await planCamera(job.camera, job.log.state, options);
  const queue = queueOf(plan, options.now);
  job.queue = options.window ? mergeQueues(job.queue, queue) : queue;
  if (!options.window) [job.planned, job.plannedAt] = [true, options.now];
  return plan;
}

// The plan of one camera from the catalogue's files, pure but for the listing.
export async function planCamera(camera: Camera, state: OffsiteState, options: PlanOptions): Promise<OffsitePlan> {
  const { now, retentionDays } = options;
  const from = options.window ? now - FRESH_MS : retentionDays === undefined ? 0 : now - retentionDays * DAY_MS;
  const files = await readFootageFiles(camera.output_dir, from, now + AHEAD_MS);
  return planOffsite({ camera: camera.name, files, state, retentionDays: retentionDays ?? Infinity, now, ...(options.window ? { from } : {}) });
}
