// The last run of merge and clean per camera, for /metrics: <output_dir>/.merge-run.json and
// .clean-run.json, beside the recorder's .recorder-state.json (output_dir is the one folder the
// hardened units may write). One file per job, so a merge and a clean ending together do not
// overwrite each other's record. Written atomically at the end of every run, failed ones too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../disk/write-atomically.js';

export type JobName = 'merge' | 'clean';
export const JOB_NAMES: readonly JobName[] = ['merge', 'clean'];

export interface JobRun {
  version: 1;
  job: JobName;
  started_at: string; // ISO
  duration_s: number;
  exit_code: number; // this camera's part of the run: 0 done, else the exit code it gave
  last_success_at: string | null; // ISO start of the last run that ended with 0
}

export function jobRunPath(outputDir: string, job: JobName): string {
  return path.join(outputDir, `.${job}-run.json`);
}

// The last recorded run, or undefined (never ran here, or not a file of ours).
export function readJobRun(outputDir: string, job: JobName): JobRun | undefined {
  try {
    const data = JSON.parse(readFileSync(jobRunPath(outputDir, job), 'utf8')) as JobRun;
    return data.version === 1 && data.job === job && typeof data.started_at === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

export interface FinishedRun {
  job: JobName;
  started: Date;
  durationMs: number;
  exitCode: number;
}

// Pure: the record of a run, carrying the last success over from the one before when this one failed.
export function nextJobRun(previous: JobRun | undefined, run: FinishedRun): JobRun {
  const startedAt = run.started.toISOString();
  return {
    version: 1,
    job: run.job,
    started_at: startedAt,
    duration_s: Math.round(run.durationMs) / 1000,
    exit_code: run.exitCode,
    last_success_at: run.exitCode === 0 ? startedAt : (previous?.last_success_at ?? null),
  };
}

// Records a camera's part of a run. A folder that does not exist yet is left so (nothing ran on it);
// any other failure is returned for the caller to log: the record never changes how a job ends.
export async function recordJobRun(outputDir: string, run: FinishedRun): Promise<Error | undefined> {
  const record = nextJobRun(readJobRun(outputDir, run.job), run);
  try {
    await writeFileAtomically(jobRunPath(outputDir, run.job), JSON.stringify(record) + '\n');
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return error instanceof Error ? error : new Error(String(error));
  }
}
