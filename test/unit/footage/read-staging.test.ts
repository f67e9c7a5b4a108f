import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStagedFiles } from '../../../src/footage/read-staging.js';
import { formatUntimed } from '../../../src/footage/report.js';
import { ANCHOR_FILE } from '../../../src/recorder/run-anchor.js';
import { tempDir } from '../../support/cli.js';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

function staging(files: Record<string, string>): string {
  const dir = path.join(tempDir(), '.staging');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('footage in the staging folders', () => {
  it('leaves out and counts files of a run without an anchor (the clock is not synchronised yet)', async () => {
    const dir = staging({ 'run-1/20261130_100000.mp4': 'x'.repeat(1000), 'run-1/20261130_100002.mp4': 'x'.repeat(500) });
    expect(await readStagedFiles(dir, T0, T0 + 3_600_000)).toEqual({ files: [], untimed: { files: 2, bytes: 1500 } });
  });

  it('counts as untimed only the files its anchor does not know, and skips a known file without a complete fragment yet', async () => {
    const anchor = JSON.stringify({ run: 'run-1.0', anchor: T0, closed: {}, next: 4 });
    const dir = staging({ [`run-1/${ANCHOR_FILE}`]: anchor, 'run-1/20261130_100004.mp4': 'not an MP4 yet', 'run-1/20261130_100006.mp4': 'x'.repeat(300) });
    expect(await readStagedFiles(dir, T0, T0 + 3_600_000)).toEqual({ files: [], untimed: { files: 1, bytes: 300 } });
  });

  it('has nothing to say of an empty or missing staging folder', async () => {
    expect(await readStagedFiles(path.join(tempDir(), '.staging'), T0, T0 + 1000)).toEqual({ files: [], untimed: { files: 0, bytes: 0 } });
  });

  it('says in one line what is left out, and nothing when nothing is', () => {
    expect(formatUntimed({ files: 0, bytes: 0 })).toBe('');
    expect(formatUntimed({ files: 2, bytes: 3_100_000 })).toMatch(/^ {2}2 files still being recorded \(3\.\d MB\) are left out: their time is not known yet \(the clock is not synchronised, or the recorder has only just started\)\n$/);
  });
});
