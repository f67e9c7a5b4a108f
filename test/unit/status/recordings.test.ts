import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileKey, racyMs } from '../../../src/footage/merged-cache.js';
import { recordFootage } from '../../../src/merge/footage-index.js';
import { scanRecordings } from '../../../src/status/recordings.js';

const root = mkdtempSync(path.join(tmpdir(), 'cams-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the oldest and newest footage in status', () => {
  it('are found by the instants names stand for: a stray file first in the folder and the passes of a fall-back do not confuse them', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const dir = mkdtempSync(path.join(root, 'cam-'));
      mkdirSync(path.join(dir, 'segments'));
      // 01:30:08 EDT, then 01:10:00 EST (40 min later, though its text sorts first), and a user's file.
      for (const name of ['00-notes.mp4', '20261101_013008-0400.mp4', '20261101_011000-0500.mp4']) writeFileSync(path.join(dir, 'segments', name), 'x');
      const scan = await scanRecordings(dir, 2);
      expect(new Date(scan.oldestStart!).toISOString()).toBe('2026-11-01T05:30:08.000Z');
      expect(new Date(scan.newestEnd!).toISOString()).toBe('2026-11-01T06:10:02.000Z');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('the files waiting to be merged', () => {
  it('are the .mp4 files in segments/, counted apart from the merged minutes', async () => {
    const dir = mkdtempSync(path.join(root, 'cam-'));
    mkdirSync(path.join(dir, 'segments'));
    mkdirSync(path.join(dir, 'merged'));
    for (const name of ['20261130_120000.mp4', '20261130_120002.mp4', 'notes.txt']) writeFileSync(path.join(dir, 'segments', name), 'x');
    for (const name of ['20261130_1157.mp4', '20261130_1158.mp4', '20261130_1159.mp4']) writeFileSync(path.join(dir, 'merged', name), 'x');
    const scan = await scanRecordings(dir, 2);
    expect({ files: scan.files, segments: scan.segments }).toEqual({ files: 5, segments: 2 });
  });
});

describe('the merged files status counts', () => {
  const day = (d: number) => `202611${String(d).padStart(2, '0')}`;
  // A merged minute of day d at 12:mm, `bytes` long, with its footage-index line (its bytes) or not.
  async function addMerged(dir: string, d: number, mm: number, bytes: number, line = true): Promise<void> {
    const name = `${day(d)}_12${String(mm).padStart(2, '0')}.mp4`;
    writeFileSync(path.join(dir, 'merged', name), Buffer.alloc(bytes));
    const start = new Date(2026, 10, d, 12, mm).getTime();
    if (line) await recordFootage(dir, { name, start, end: start + 60_000, format: 'h264 640x360', bytes });
  }
  // Until a listing of merged/ made now is trusted (and remembered) later.
  async function settle(dir: string): Promise<void> {
    const key = fileKey(statSync(path.join(dir, 'merged')));
    const until = Math.max(key.mtimeMs, key.ctimeMs) + racyMs(key);
    while (Date.now() <= until) await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 1));
  }
  async function camera(): Promise<string> {
    const dir = mkdtempSync(path.join(root, 'cam-'));
    mkdirSync(path.join(dir, 'merged'));
    for (const d of [24, 25]) for (const mm of [0, 1, 2]) await addMerged(dir, d, mm, 100 + mm);
    await settle(dir);
    return dir;
  }
  const counted = async (dir: string) => {
    const scan = await scanRecordings(dir, 2);
    return { files: scan.files, bytes: scan.bytes, estimated: scan.bytesEstimated, oldest: scan.oldestStart, newest: scan.newestEnd };
  };
  const at = (d: number, mm: number) => new Date(2026, 10, d, 12, mm).getTime();

  it('are every file with the bytes of its footage-index line, exactly, from the oldest start to the newest end', async () => {
    const dir = await camera();
    expect(await counted(dir)).toEqual({ files: 6, bytes: 2 * 303, estimated: false, oldest: at(24, 0), newest: at(25, 3) });
    expect(await counted(dir)).toEqual({ files: 6, bytes: 606, estimated: false, oldest: at(24, 0), newest: at(25, 3) }); // again, from what was remembered
  });

  it('include a file added to a past day\'s folder at the next scan, with or without its index line', async () => {
    const dir = await camera();
    await counted(dir);
    await addMerged(dir, 24, 30, 5000);
    expect(await counted(dir)).toMatchObject({ files: 7, bytes: 606 + 5000 });
    await settle(dir);
    await counted(dir);
    await addMerged(dir, 24, 31, 700, false); // no line (a crash lost it): its size on disk
    expect(await counted(dir)).toMatchObject({ files: 8, bytes: 606 + 5000 + 700 });
  });

  it('leave out a file deleted from a past day\'s folder at the next scan, also when its index line stays', async () => {
    const dir = await camera();
    await counted(dir);
    unlinkSync(path.join(dir, 'merged', `${day(24)}_1200.mp4`));
    expect(await counted(dir)).toEqual({ files: 5, bytes: 606 - 100, estimated: false, oldest: at(24, 1), newest: at(25, 3) });
    await settle(dir);
    await counted(dir);
    rmSync(path.join(dir, 'merged', `${day(25)}_1202.mp4`));
    expect(await counted(dir)).toMatchObject({ files: 4, bytes: 606 - 100 - 102, newest: at(25, 2) });
  });

  it('follow a past day\'s index when a file is replaced under its name (a late segment joined): the new line\'s bytes', async () => {
    const dir = await camera();
    await counted(dir);
    await addMerged(dir, 24, 1, 9000); // the same name, a new line (the last line of a name wins)
    expect(await counted(dir)).toMatchObject({ files: 6, bytes: 606 - 101 + 9000 });
  });

  it('are counted the same when the catalogue cannot save its caches (a read-only server), a file added included', async () => {
    const dir = await camera();
    // Folders where the caches would go: no rename lands on them, not even root's (chmod would not stop root).
    for (const cache of ['merged-listing.json', `${day(24)}.merged.json`, `${day(25)}.merged.json`]) mkdirSync(path.join(dir, '.footage', cache));
    expect(await counted(dir)).toMatchObject({ files: 6, bytes: 606 });
    expect(await counted(dir)).toMatchObject({ files: 6, bytes: 606 });
    await addMerged(dir, 25, 40, 50, false);
    expect(await counted(dir)).toMatchObject({ files: 7, bytes: 656 });
  });
});
