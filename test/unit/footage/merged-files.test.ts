import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKey, racyMs, trustedListing } from '../../../src/footage/merged-cache.js';
import { listingPath, readMergedFiles, refreshMergedCaches } from '../../../src/footage/merged-files.js';
import { footageIndexPath, recordFootage } from '../../../src/merge/footage-index.js';
import { tempDir } from '../../support/cli.js';

const DAY = '20261124';
const minute = (hh: number, mm: number) => new Date(2026, 10, 24, hh, mm).getTime(); // local, as names are

// A camera folder with merged minutes 12:00 and 12:01 and their index lines (sizes from the index).
async function camera(): Promise<{ root: string; merged: string }> {
  const root = tempDir();
  const merged = path.join(root, 'merged');
  mkdirSync(merged);
  for (const mm of [0, 1]) await addMerged(root, mm, { line: true });
  return { root, merged };
}

// A merged file of 12:mm (100 bytes), with its index line (start 0.2 s into the minute, size 999) or without.
async function addMerged(root: string, mm: number, { line }: { line: boolean }): Promise<void> {
  const name = `${DAY}_12${String(mm).padStart(2, '0')}.mp4`;
  writeFileSync(path.join(root, 'merged', `.${name}.tmp`), 'x'.repeat(100));
  renameSync(path.join(root, 'merged', `.${name}.tmp`), path.join(root, 'merged', name)); // as the merge places it
  const start = minute(12, mm) + 200;
  if (line) await recordFootage(root, { name, start, end: start + 59_000, format: 'h264 640x360', bytes: 999 });
}

// Waits until a listing of merged/ made now is trusted later (its last change is old enough).
async function settle(merged: string): Promise<void> {
  const key = fileKey(statSync(merged));
  const until = Math.max(key.mtimeMs, key.ctimeMs) + racyMs(key);
  while (Date.now() <= until) await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 1));
}

const read = (c: { root: string; merged: string }) => readMergedFiles(c.root, c.merged, DAY, DAY);
const summary = (files: Awaited<ReturnType<typeof read>>) => files.map((f) => [path.basename(f.path), f.start - minute(12, 0), f.bytes, f.exact]);

describe('the merged files of the footage catalogue', () => {
  it('takes times and sizes from the index, and knows a file whose line a crash lost by its name and size', async () => {
    const c = await camera();
    await addMerged(c.root, 2, { line: false });
    const expected = [[`${DAY}_1200.mp4`, 200, 999, true], [`${DAY}_1201.mp4`, 60_200, 999, true], [`${DAY}_1202.mp4`, 120_000, 100, false]];
    expect(summary(await read(c))).toEqual(expected);
    await settle(c.merged);
    expect(summary(await read(c))).toEqual(expected); // saves the listing
    expect(existsSync(listingPath(c.root))).toBe(true);
    expect(summary(await read(c))).toEqual(expected); // from the caches
  });

  it('gives each file the activity of its index line, from the index and from the caches; none for a line without one or with a damaged one', async () => {
    const c = await camera();
    const start = minute(12, 2) + 100;
    await addMerged(c.root, 2, { line: false });
    await recordFootage(c.root, { name: `${DAY}_1202.mp4`, start, end: start + 10_000, bytes: 100, activity: [1200, 800] });
    await addMerged(c.root, 3, { line: false });
    await recordFootage(c.root, { name: `${DAY}_1203.mp4`, start: start + 60_000, end: start + 70_000, bytes: 100, activity: ['x'] as unknown as number[] });
    const activities = (files: Awaited<ReturnType<typeof read>>) => files.map((f) => f.activity);
    expect(activities(await read(c))).toEqual([undefined, undefined, [1200, 800], undefined]);
    await settle(c.merged);
    await read(c);
    expect(activities(await read(c))).toEqual([undefined, undefined, [1200, 800], undefined]); // from the caches
  });

  it('sees a file added after the caches were saved, even without its index line', async () => {
    const c = await camera();
    await settle(c.merged);
    await read(c);
    expect(existsSync(listingPath(c.root))).toBe(true);
    await addMerged(c.root, 2, { line: false });
    expect(summary(await read(c)).map((f) => f[0])).toEqual([`${DAY}_1200.mp4`, `${DAY}_1201.mp4`, `${DAY}_1202.mp4`]);
  });

  it('forgets a file deleted after the caches were saved, though its index line stays', async () => {
    const c = await camera();
    await settle(c.merged);
    await read(c);
    unlinkSync(path.join(c.merged, `${DAY}_1200.mp4`));
    expect(summary(await read(c)).map((f) => f[0])).toEqual([`${DAY}_1201.mp4`]);
  });

  it('takes a line appended to the index after the caches were saved (a file replaced by a later join)', async () => {
    const c = await camera();
    await settle(c.merged);
    await read(c);
    await recordFootage(c.root, { name: `${DAY}_1201.mp4`, start: minute(12, 1) + 100, end: minute(12, 2), bytes: 1234 });
    expect(summary(await read(c))[1]).toEqual([`${DAY}_1201.mp4`, 60_100, 1234, true]);
  });

  it('rebuilds caches that are damaged, and answers the same without a folder for them', async () => {
    const c = await camera();
    await settle(c.merged);
    const expected = summary(await read(c));
    for (const name of readdirSync(path.dirname(footageIndexPath(c.root, DAY)))) {
      if (name.endsWith('.json')) writeFileSync(path.join(c.root, '.footage', name), '{"version":1,"names":"');
    }
    expect(summary(await read(c))).toEqual(expected);
    const bare = tempDir();
    mkdirSync(path.join(bare, 'merged'));
    writeFileSync(path.join(bare, 'merged', `${DAY}_1200.mp4`), 'x');
    expect(summary(await readMergedFiles(bare, path.join(bare, 'merged'), DAY, DAY))).toEqual([[`${DAY}_1200.mp4`, 0, 1, false]]);
    expect(existsSync(path.join(bare, '.footage'))).toBe(false); // a reader creates no folder
  });

  it('gives only the days asked for, and nothing for a camera without merged/', async () => {
    const c = await camera();
    expect(await readMergedFiles(c.root, c.merged, '20261125', '20261130')).toEqual([]);
    expect(await readMergedFiles(c.root, path.join(c.root, 'none'), DAY, DAY)).toEqual([]);
  });

  it('after a merge, saves a listing that the next reader trusts, once the folder has settled', async () => {
    const c = await camera();
    await addMerged(c.root, 2, { line: true }); // just now, as a merge does
    await refreshMergedCaches(c.root, c.merged, DAY, DAY);
    expect(trustedListing(readFileSync(listingPath(c.root), 'utf8'), fileKey(statSync(c.merged)))?.has(DAY)).toBe(true);
    expect(summary(await read(c)).map((f) => f[0])).toEqual([`${DAY}_1200.mp4`, `${DAY}_1201.mp4`, `${DAY}_1202.mp4`]);
  });
});
