import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordRun } from '../../../src/cli/record-run.js';
import type { Camera } from '../../../src/config/schema.js';
import { CamsError, EXIT } from '../../../src/errors.js';
import { createLogger } from '../../../src/log/logger.js';
import { readJobRun } from '../../../src/status/job-runs.js';

const root = mkdtempSync(path.join(tmpdir(), 'cams-record-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines: string[] = [];
const log = createLogger({ write: (line) => lines.push(line), journal: false });
const camera = (name: string) => ({ name, output_dir: mkdtempSync(path.join(root, `${name}-`)) }) as Camera;

describe('the record of a merge or clean run', () => {
  it('is each camera\'s own exit code, and nothing for a camera another job held', async () => {
    const [a, b, c] = [camera('a'), camera('b'), camera('c')];
    const codes: Record<string, number | 'locked'> = { a: EXIT.OK, b: EXIT.CANT_CREATE, c: 'locked' };
    const result = await recordRun(log, { job: 'clean', cameras: [a, b, c], dryRun: false, resultOf: (_r: string, name) => codes[name]! }, async () => 'done');
    expect(result).toBe('done');
    expect(readJobRun(a.output_dir, 'clean')).toMatchObject({ exit_code: 0, last_success_at: expect.any(String) });
    expect(readJobRun(b.output_dir, 'clean')).toMatchObject({ exit_code: 73, last_success_at: null });
    expect(readJobRun(c.output_dir, 'clean')).toBeUndefined();
  });

  it('is written when the job throws, with the error\'s exit code (70 for an unexpected one), and the error goes on', async () => {
    const [a, b] = [camera('a'), camera('b')];
    const locked = new CamsError('no', { code: 'E_X', exitCode: EXIT.UNAVAILABLE });
    await expect(recordRun(log, { job: 'merge', cameras: [a], dryRun: false, resultOf: () => 0 }, () => Promise.reject(locked))).rejects.toBe(locked);
    await expect(recordRun(log, { job: 'merge', cameras: [b], dryRun: false, resultOf: () => 0 }, () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    expect(readJobRun(a.output_dir, 'merge')).toMatchObject({ job: 'merge', exit_code: 69 });
    expect(readJobRun(b.output_dir, 'merge')).toMatchObject({ job: 'merge', exit_code: 70 });
    expect(readJobRun(b.output_dir, 'merge')!.duration_s).toBeGreaterThanOrEqual(0);
  });

  it('is not written on a dry run', async () => {
    const a = camera('a');
    await recordRun(log, { job: 'merge', cameras: [a], dryRun: true, resultOf: () => 0 }, async () => undefined);
    expect(readJobRun(a.output_dir, 'merge')).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
