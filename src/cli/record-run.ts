// Times a merge or clean and records its last run in each camera's folder (status/job-runs.ts), for
// /metrics: also when it fails or throws. Not on a dry run, and not for a camera another job held
// ('locked'): that job is still running and records its own run when it ends.
import type { Camera } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { recordJobRun, type JobName } from '../status/job-runs.js';
import type { Logger } from '../log/logger.js';

export type CameraResult = number | 'locked';

export interface RecordRunOptions<R> {
  job: JobName;
  cameras: readonly Camera[];
  dryRun: boolean;
  resultOf: (result: R, camera: string) => CameraResult; // a camera's exit code in a finished run
}

export async function recordRun<R>(log: Logger, options: RecordRunOptions<R>, work: () => Promise<R>): Promise<R> {
  if (options.dryRun) return work();
  const started = new Date();
  const t0 = performance.now();
  try {
    const result = await work();
    await recordAll(log, options, started, performance.now() - t0, (camera) => options.resultOf(result, camera));
    return result;
  } catch (error) {
    const code = error instanceof CamsError ? error.exitCode : EXIT.SOFTWARE;
    await recordAll(log, options, started, performance.now() - t0, () => code);
    throw error;
  }
}

async function recordAll(log: Logger, options: { job: JobName; cameras: readonly Camera[] }, started: Date, durationMs: number, codeOf: (camera: string) => CameraResult): Promise<void> {
  for (const camera of options.cameras) {
    const exitCode = codeOf(camera.name);
    if (exitCode === 'locked') continue;
    const failed = await recordJobRun(camera.output_dir, { job: options.job, started, durationMs, exitCode });
    if (failed) log.warn(`${camera.name}: could not record the ${options.job}'s last run: ${failed.message}`);
  }
}
