// Runs the clean: takes each camera's merge lock, scans, plans across cameras, deletes oldest first.
import { readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pruneFootageIndexes } from '../merge/footage-index.js';
import type { Config } from '../config/schema.js';
import { CamsError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { cameraDirs } from '../recorder/files.js';
import { dayPrefix } from '../recorder/naming.js';
import { CAMERA_JOB_LOCK, cameraJob } from '../merge/run.js';
import { takeLock, type Lock } from '../recorder/lock.js';
import { planClean, type CleanPlan, type Disk, type Recording } from './plan.js';
import { offsiteInterlock } from './offsite-interlock.js';
import { formatOffsiteNotes } from './report.js';
import { scanCamera } from './scan.js';

export interface CleanOutcome {
  plan: CleanPlan;
  deleted: Recording[];
  skipped: string[]; // cameras another job held, or whose folder cannot be written
  unwritable: string[]; // cameras whose folder cannot be written (each logged)
}

// Cleans every camera of the config; with dryRun, only plans.
export async function cleanAll(options: { config: Config; now: Date; dryRun: boolean; log: Logger }): Promise<CleanOutcome> {
  const { config, now, log } = options;
  const locks: Lock[] = [];
  const skipped: string[] = [];
  const unwritable: string[] = [];
  try {
    const recordings: Recording[] = [];
    const disks = new Map<number, Disk>();
    for (const camera of config.cameras) {
      const taken = options.dryRun ? 'taken' : await lockCamera(camera.output_dir, camera.name, locks, log);
      if (taken !== 'taken') skipped.push(camera.name);
      if (taken === 'unwritable') unwritable.push(camera.name);
      const locked = taken !== 'taken';
      const scan = await scanCamera({ camera: camera.name, outputDir: camera.output_dir, now, mergeDelay: config.recording.merge_delay, locked });
      recordings.push(...scan.recordings);
      if (scan.disk) disks.set(scan.disk.device, scan.disk);
    }
    const { max_usage: maxUsage, max_usage_per_camera: maxUsagePerCamera, min_free: minFree } = config.retention;
    const rules = { retentionDays: config.recording.retention_days, maxUsage, maxUsagePerCamera, minFree };
    const offsite = await offsiteInterlock(config, recordings, log);
    const plan = planClean({ recordings, disks: [...disks.values()], rules, now, ...(offsite ? { offsite } : {}) });
    logOffsiteNotes(config, plan, options.dryRun, log);
    const deleted = options.dryRun ? [] : await carryOut(plan, config, log);
    if (!options.dryRun) await pruneIndexes(config, now, skipped);
    return { plan, deleted, skipped, unwritable };
  } finally {
    for (const lock of locks) await lock.release();
  }
}

// What the off-site interlock changed, per camera: also when the merge cleans a disk below min_free.
function logOffsiteNotes(config: Config, plan: CleanPlan, dryRun: boolean, log: Logger): void {
  for (const camera of config.cameras) for (const note of formatOffsiteNotes(camera.name, plan.offsite, dryRun)) log[note.level](note.line);
}

// The merge's footage indexes (.footage/YYYYMMDD.jsonl) of days past retention go too.
async function pruneIndexes(config: Config, now: Date, skipped: string[]): Promise<void> {
  const keepFrom = dayPrefix(new Date(now.getTime() - config.recording.retention_days * 86_400_000));
  for (const camera of config.cameras) {
    if (!skipped.includes(camera.name)) await pruneFootageIndexes(camera.output_dir, keepFrom);
  }
}

async function lockCamera(outputDir: string, name: string, locks: Lock[], log: Logger): Promise<'taken' | 'held' | 'unwritable'> {
  try {
    locks.push(await takeLock(path.join(outputDir, CAMERA_JOB_LOCK), cameraJob(name)));
    return 'taken';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'taken'; // no output_dir yet: nothing to clean, nothing to lock
    if (!(error instanceof CamsError)) throw error;
    if (error.code === 'E_LOCKED') log.warn(`${name}: skipped: ${error.message}`);
    else log.error(`${name}: ${error.message}`); // the other cameras are still cleaned
    return error.code === 'E_LOCKED' ? 'held' : 'unwritable';
  }
}

async function carryOut(plan: CleanPlan, config: Config, log: Logger): Promise<Recording[]> {
  const deleted: Recording[] = [];
  const emptied = new Set<string>();
  for (const { recording, reason } of plan.deletions) {
    try {
      await unlink(recording.file);
      deleted.push(recording);
      emptied.add(path.dirname(recording.file));
      log.debug(`deleted ${recording.file} (${reason})`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`deleting ${recording.file} failed: ${(error as Error).message}`);
    }
  }
  const merged = new Set(config.cameras.map((c) => cameraDirs(c.output_dir).merged));
  for (const dir of emptied) if (merged.has(dir)) await removeIfEmpty(dir);
  return deleted;
}

// A merged/ the clean emptied goes (segments/ stays: the recorder writes into it).
async function removeIfEmpty(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => undefined);
  if (names && names.length === 0) await rmdir(dir).catch(() => undefined);
}
