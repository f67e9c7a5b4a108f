import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanRecordings } from '../../../src/status/recordings.js';

const root = mkdtempSync(path.join(tmpdir(), 'cams-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the oldest and newest footage in status', () => {
  it('are found by the instants names stand for: a stray file first in the folder and the passes of a fall-back do not confuse them', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const dir = mkdtempSync(path.join(root, 'cam-'));
      mkdirSync(path.join(dir, 'segments'));
      // 01:30:08 EDT, then 01:10:00 EST (40 min later, though its text sorts first), and a user's file.
      for (const name of ['00-notes.mp4', '20261101_013008-0400.mp4', '20261101_011000-0500.mp4']) writeFileSync(path.join(dir, 'segments', name), 'x');
      const scan = scanRecordings(dir, 2);
      expect(new Date(scan.oldestStart!).toISOString()).toBe('2026-11-01T05:30:08.000Z');
      expect(new Date(scan.newestEnd!).toISOString()).toBe('2026-11-01T06:10:02.000Z');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('the files waiting to be merged', () => {
  it('are the .mp4 files in segments/, counted apart from the merged minutes', () => {
    const dir = mkdtempSync(path.join(root, 'cam-'));
    mkdirSync(path.join(dir, 'segments'));
    mkdirSync(path.join(dir, 'merged'));
    for (const name of ['20261130_120000.mp4', '20261130_120002.mp4', 'notes.txt']) writeFileSync(path.join(dir, 'segments', name), 'x');
    for (const name of ['20261130_1157.mp4', '20261130_1158.mp4', '20261130_1159.mp4']) writeFileSync(path.join(dir, 'merged', name), 'x');
    const scan = scanRecordings(dir, 2);
    expect({ files: scan.files, segments: scan.segments }).toEqual({ files: 5, segments: 2 });
  });
});
