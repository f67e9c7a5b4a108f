// Runs one camera's merge: lock, inventory, plan, then each step in an order a crash cannot hurt.
import { syncFolder } from '../disk/sync-folder.js';
import { readdir, rename, unlink } from 'node:fs/promises';
import { recordFootage } from './footage-index.js';
import path from 'node:path';
import type { Camera, RecordingConfig } from '../config/schema.js';
import { verifyMedia } from '../ffmpeg/verify.js';
import type { Logger } from '../log/logger.js';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';
import { joinMp4 } from '../mp4/join.js';
import { cameraDirs, moveNoClobber, type CameraDirs } from '../recorder/files.js';
import { takeLock } from '../recorder/lock.js';
import { fragmentedParts, UnjoinablePart } from './fragmented-parts.js';
import { indexMergedFiles } from './index-merged.js';
import { takeInventory } from './inventory.js';
import { describeFormat } from '../mp4/describe-format.js';
import { activityOf } from '../mp4/fragment-activity.js';
import { describeSteps } from './report.js';
import type { ClockStep } from '../recorder/segment-times.js';
import { planMerge, sourceKey, type JoinOp, type MergePlan } from './plan.js';
import { makeDirs } from '../recorder/folders.js';

export type VerifyLevel = 'structure' | 'decode';

export interface MergeOptions {
  camera: Camera;
  recording: RecordingConfig;
  now: Date;
  dryRun: boolean;
  verify: VerifyLevel;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
}

export interface MergeOutcome {
  plan: MergePlan;
  minutes: number; // files written
  segments: number; // segments joined
  bytes: number; // bytes written
  failures: string[];
}

const TEMP_SUFFIX = '.partial';
// How a merge that ran out of space says so (the CLI adds what to do about it).
export const DISK_FULL = 'the disk is full';
// One merge or clean per camera at a time: the lock file in its output_dir, and what it is called.
export const CAMERA_JOB_LOCK = '.merge.lock';
export const cameraJob = (camera: string) => `a merge or clean of camera "${camera}"`;

// Merges one camera's due segments; with dryRun, only plans. Throws E_LOCKED if a merge runs.
export async function mergeCamera(options: MergeOptions): Promise<MergeOutcome> {
  const dirs = cameraDirs(options.camera.output_dir);
  const lock = options.dryRun ? undefined : await takeLock(path.join(dirs.root, CAMERA_JOB_LOCK), cameraJob(options.camera.name)).catch(noFolderYet);
  try {
    if (!options.dryRun) await removeTemps(dirs.merged);
    // Without a lock only when output_dir does not exist (noFolderYet): then nothing is listed.
    const inventory = lock === null ? { segments: [], merged: [], media: new Map(), steps: [] } : await takeInventory(dirs, { now: options.now, mergeDelay: options.recording.merge_delay });
    const plan = planMerge({ ...inventory, now: options.now, mergeDelay: options.recording.merge_delay });
    for (const line of describeSteps(stepsWithin(inventory.steps, plan))) options.log.info(line);
    const outcome: MergeOutcome = { plan, minutes: 0, segments: 0, bytes: 0, failures: [] };
    if (!options.dryRun) await carryOut(plan, dirs, inventory.media, outcome, options);
    return outcome;
  } finally {
    await lock?.release();
  }
}

// The clock steps among the footage this run joins (each is said by the merge that meets it).
function stepsWithin(steps: ClockStep[], plan: MergePlan): ClockStep[] {
  const joined = plan.joins.flatMap((j) => j.inputs.filter((p) => p.kind === 'segment').map((p) => p.item.start.getTime()));
  if (joined.length === 0) return [];
  const [first, last] = [Math.min(...joined), Math.max(...joined)];
  return steps.filter((s) => s.at >= first - STEP_MARGIN_MS && s.at <= last + STEP_MARGIN_MS);
}

const STEP_MARGIN_MS = 5000;

// null when output_dir does not exist yet: the camera has recorded nothing, there is nothing to merge.
function noFolderYet(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}

async function carryOut(plan: MergePlan, dirs: CameraDirs, media: Map<string, Mp4Info>, outcome: MergeOutcome, options: MergeOptions): Promise<void> {
  for (const { name, reason } of plan.quarantine) {
    const dest = await moveNoClobber(path.join(dirs.segments, name), dirs.quarantine);
    options.log.warn(`segment ${name} ${reason}: moved to ${dest}`);
  }
  for (const { name, reason } of plan.deleteMerged) await removeFile(path.join(dirs.merged, name), reason, options.log);
  for (const { name, reason } of plan.deleteSegments) await removeFile(path.join(dirs.segments, name), reason, options.log);
  for (const [i, op] of plan.joins.entries()) {
    options.onProgress?.(i, plan.joins.length);
    try {
      outcome.bytes += await join(op, dirs, media, options);
      outcome.minutes++;
      outcome.segments += op.inputs.filter((p) => p.kind === 'segment').length;
    } catch (error) {
      const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
      const message = `merging ${op.output} failed: ${full ? DISK_FULL : (error as Error).message}`;
      options.log.error(message);
      outcome.failures.push(message);
      if (error instanceof DecodeError) await quarantineUndecodable(op, dirs, options.log);
      if (error instanceof UnjoinablePart && path.dirname(error.file) === dirs.segments) {
        options.log.warn(`segment ${path.basename(error.file)} cannot be joined: moved to ${await moveNoClobber(error.file, dirs.quarantine)}`);
      }
    }
  }
  options.onProgress?.(plan.joins.length, plan.joins.length);
  const indexed = await indexMergedFiles(dirs.root, dirs.merged);
  if (indexed > 0) options.log.debug(`footage index: ${indexed} merged file(s) added`);
}

// Writes a part under a temporary name, verifies it, renames it into place, and only then deletes
// what it holds: the other merged files joined into it first, then the segments.
async function join(op: JoinOp, dirs: CameraDirs, media: Map<string, Mp4Info>, options: MergeOptions): Promise<number> {
  const fileOf = (p: JoinOp['inputs'][number]) => path.join(p.kind === 'segment' ? dirs.segments : dirs.merged, p.item.name);
  const sources = op.inputs.flatMap((p) => (p.kind === 'segment' ? [sourceKey(p.item)] : p.item.sources));
  const final = path.join(dirs.merged, op.output);
  const temp = path.join(dirs.merged, `.${op.output}${TEMP_SUFFIX}`);
  await makeDirs(dirs.merged);
  await unlink(temp).catch(() => undefined);
  // The original tool's regular MP4 segments are remuxed (stream copy) into temporary fragmented files.
  const remuxed = await fragmentedParts(op.inputs.map((p) => media.get(fileOf(p))!), (name) => path.join(dirs.merged, `.${name}.remux${TEMP_SUFFIX}`));
  const parts = remuxed.parts;
  try {
    const result = await joinMp4(parts, temp, { start: op.start.toISOString(), sources });
    const written = await verifyJoined(temp, parts, op, options.verify);
    await rename(temp, final);
    await syncFolder(dirs.merged);
    // Its activity from the fragments the check just read: the merge opens no file for it.
    await recordFootage(dirs.root, { name: op.output, start: op.start.getTime(), end: op.start.getTime() + result.videoDuration * 1000, format: describeFormat(parts[0]!.tracks), bytes: result.bytes, activity: activityOf(written.fragments) });
    for (const p of op.inputs) if (p.kind === 'merged' && p.item.name !== op.output) await unlink(fileOf(p));
    for (const p of op.inputs) if (p.kind === 'segment') await unlink(fileOf(p));
    options.log.debug(`merged/${op.output}: ${op.inputs.length} parts, ${op.duration.toFixed(1)} s`);
    return result.bytes;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    await remuxed.remove();
  }
}

// The written file reads back with the same tracks, all the fragments and the expected duration;
// returns what was read of it.
async function verifyJoined(file: string, parts: Mp4Info[], op: JoinOp, level: VerifyLevel): Promise<Mp4Info> {
  const written = await inspectMp4(file);
  const fragments = parts.reduce((n, p) => n + p.fragments.length, 0);
  if (written.tracks.length !== parts[0]!.tracks.length) throw new Error(`has ${written.tracks.length} streams, expected ${parts[0]!.tracks.length}`);
  if (written.fragments.length !== fragments) throw new Error(`has ${written.fragments.length} fragments, expected ${fragments}`);
  const tolerance = 0.1 * Math.max(1, parts.length - 1);
  if (Math.abs(written.videoDuration - op.duration) > tolerance) {
    throw new Error(`lasts ${written.videoDuration.toFixed(3)} s, expected ${op.duration.toFixed(3)} s`);
  }
  if (level === 'decode') {
    const check = await verifyMedia(file);
    if (!check.ok) throw new DecodeError(check.reason ?? 'does not decode');
  }
  return written;
}

class DecodeError extends Error {}

// After a joined file failed to decode: decodes each of its segments and quarantines those that
// fail, so that the next run merges the rest of the minute instead of failing on it forever.
async function quarantineUndecodable(op: JoinOp, dirs: CameraDirs, log: Logger): Promise<void> {
  for (const part of op.inputs) {
    if (part.kind !== 'segment') continue;
    const file = path.join(dirs.segments, part.item.name);
    const check = await verifyMedia(file);
    if (!check.ok) log.warn(`segment ${part.item.name} ${check.reason ?? 'does not decode'}: moved to ${await moveNoClobber(file, dirs.quarantine)}`);
  }
}

async function removeFile(file: string, reason: string, log: Logger): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  log.debug(`deleted ${file}: ${reason}`);
}

// Temporary files a killed run left behind (the lock says no other merge is writing them).
async function removeTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) await unlink(path.join(dir, name)).catch(() => undefined);
}

