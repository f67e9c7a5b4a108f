import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobRunPath, nextJobRun, readJobRun, recordJobRun } from '../../../src/status/job-runs.js';

const root = mkdtempSync(path.join(tmpdir(), 'cams-job-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (iso: string) => new Date(iso);

describe('the last run of merge and clean', () => {
  it('a run that ends with 0 is the last success; a failed one keeps the success before it', () => {
    const ok = nextJobRun(undefined, { job: 'merge', started: at('2026-11-30T12:00:00Z'), durationMs: 1234.4, exitCode: 0 });
    expect(ok).toEqual({ version: 1, job: 'merge', started_at: '2026-11-30T12:00:00.000Z', duration_s: 1.234, exit_code: 0, last_success_at: '2026-11-30T12:00:00.000Z' });
    const failed = nextJobRun(ok, { job: 'merge', started: at('2026-11-30T12:01:00Z'), durationMs: 20, exitCode: 1 });
    expect(failed).toMatchObject({ started_at: '2026-11-30T12:01:00.000Z', exit_code: 1, last_success_at: '2026-11-30T12:00:00.000Z' });
    expect(nextJobRun(undefined, { job: 'clean', started: at('2026-11-30T12:00:00Z'), durationMs: 5, exitCode: 73 }).last_success_at).toBeNull();
  });

  it('is written to .merge-run.json and .clean-run.json in the camera folder and read back, each job apart', async () => {
    const dir = mkdtempSync(path.join(root, 'cam-'));
    expect(await recordJobRun(dir, { job: 'merge', started: at('2026-11-30T12:00:00Z'), durationMs: 500, exitCode: 0 })).toBeUndefined();
    expect(await recordJobRun(dir, { job: 'clean', started: at('2026-11-30T12:00:05Z'), durationMs: 100, exitCode: 73 })).toBeUndefined();
    expect(await recordJobRun(dir, { job: 'merge', started: at('2026-11-30T12:01:00Z'), durationMs: 700, exitCode: 1 })).toBeUndefined();
    expect(jobRunPath(dir, 'merge')).toBe(path.join(dir, '.merge-run.json'));
    expect(readJobRun(dir, 'merge')).toMatchObject({ exit_code: 1, duration_s: 0.7, last_success_at: '2026-11-30T12:00:00.000Z' });
    expect(readJobRun(dir, 'clean')).toMatchObject({ job: 'clean', exit_code: 73, last_success_at: null });
    expect(JSON.parse(readFileSync(path.join(dir, '.clean-run.json'), 'utf8')).job).toBe('clean');
  });

  it('a camera folder that does not exist yet gets no record and no error; one that cannot be written returns why', async () => {
    const missing = path.join(root, 'not-yet');
    expect(await recordJobRun(missing, { job: 'merge', started: new Date(), durationMs: 1, exitCode: 0 })).toBeUndefined();
    expect(readJobRun(missing, 'merge')).toBeUndefined();
    if (process.getuid?.() === 0) return; // root writes anywhere
    const locked = mkdtempSync(path.join(root, 'ro-'));
    chmodSync(locked, 0o500);
    expect((await recordJobRun(locked, { job: 'merge', started: new Date(), durationMs: 1, exitCode: 0 }))?.message).toMatch(/EACCES/);
  });
});
