import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFootage } from '../../../src/merge/footage-index.js';
import { indexMergedFiles } from '../../../src/merge/index-merged.js';
import { withFootageToday } from '../../../src/status/footage-today.js';
import { scanRecordings } from '../../../src/status/recordings.js';
import { tempDir } from '../../support/cli.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';
import { writeFragmentedFile } from '../../support/fragmented-mp4.js';

describe('indexing merged files the footage index lacks', () => {
  it('places the original tool\'s minute file at the minute of its name for as long as its video lasts, once', async () => {
    const root = tempDir();
    const merged = path.join(root, 'merged');
    mkdirSync(merged);
    const file = buildRegularMp4({ videoFrames: 300, audioFrames: 310 }); // 20 s
    writeFileSync(path.join(merged, '20261124_1200.mp4'), file);
    writeFileSync(path.join(merged, '20261124_1201.mp4'), 'not an mp4');
    writeFileSync(path.join(merged, 'notes.txt'), 'mine');
    expect(await indexMergedFiles(root, merged)).toBe(1);
    const start = new Date(2026, 10, 24, 12, 0, 0).getTime();
    expect([...readFootage(root, '20261124').values()]).toEqual([{ name: '20261124_1200.mp4', start, end: start + 20_000, format: 'h264 320x240 + aac', bytes: file.length }]);
    expect(await indexMergedFiles(root, merged)).toBe(0);

    const now = new Date(2026, 10, 24, 12, 0, 50);
    const elapsed = now.getTime() - new Date(2026, 10, 24).getTime();
    expect((await withFootageToday(root, now, await scanRecordings(root, 2))).coverageToday).toBeCloseTo(20_000 / elapsed, 6); // not the whole 50 s
  });
});

describe('the footage line of a merged file', () => {
  it('carries the bytes of each 5 s of its footage, measured from its fragments', async () => {
    const root = tempDir();
    const merged = path.join(root, 'merged');
    mkdirSync(merged);
    // 8 s at 15 frames a second, a fragment a second; frames of the 6th second are 10× larger.
    const bytes = await writeFragmentedFile(path.join(merged, '20261124_1200.mp4'), { frames: 120, audio: false, frameBytes: (i) => (i >= 75 && i < 90 ? 10_000 : 1000) });
    expect(await indexMergedFiles(root, merged)).toBe(1);
    const line = readFootage(root, '20261124').get('20261124_1200.mp4')!;
    expect(line.activity).toHaveLength(2);
    expect(line.activity![1]).toBeGreaterThan(line.activity![0]! * 1.5);
    const head = bytes - line.activity!.reduce((a, b) => a + b, 0);
    expect(head).toBeGreaterThan(0); // ftyp and moov are no footage
    expect(head).toBeLessThan(2000);
  });
});
