import { describe, expect, it } from 'vitest';
import { dayFiles, decodeDay, encodeDay, encodeListing, fingerprints, namesByDay, RACY_MS, trustedListing, type FileKey, type MergedEntry } from '../../../src/footage/merged-cache.js';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const folder: FileKey = { ino: 7, size: 4096, mtimeMs: T0 + 0.25, ctimeMs: T0 + 0.25 };

describe('the caches of the footage catalogue', () => {
  it('groups the names of merged/ by day in name order, leaving out the merge temporary files and other files', () => {
    const days = namesByDay(['20261124_1201.mp4', '.20261124_1202.mp4.tmp', '20261123_2359.mp4', '20261124_1200_1.mp4', 'notes.txt', '20261124_1200.mp4']);
    expect([...days]).toEqual([
      ['20261124', ['20261124_1200.mp4', '20261124_1200_1.mp4', '20261124_1201.mp4']],
      ['20261123', ['20261123_2359.mp4']],
    ]);
  });

  it('trusts a listing while the folder has the same inode and times, once it was made after the folder settled', () => {
    const days = fingerprints(new Map([['20261124', ['20261124_1200.mp4']]]));
    const text = encodeListing(folder, T0 + 1000, days);
    expect(trustedListing(text, folder)).toEqual(days);
    expect(trustedListing(text, { ...folder, mtimeMs: T0 + 5 })).toBeUndefined(); // a name added or removed
    expect(trustedListing(text, { ...folder, ctimeMs: T0 + 5 })).toBeUndefined(); // the times set back by a restore
    expect(trustedListing(text, { ...folder, ino: 8 })).toBeUndefined(); // another folder in its place
    expect(trustedListing(encodeListing(folder, T0 + 10, days), folder)).toBeUndefined(); // too soon after the change
    expect(trustedListing('{"version":1,"folder"', folder)).toBeUndefined();
    expect(trustedListing(undefined, folder)).toBeUndefined();
  });

  it('asks timestamps in whole seconds (ext3, FAT) to be older by RACY_MS before a listing is trusted', () => {
    const coarse = { ...folder, mtimeMs: T0, ctimeMs: T0 };
    const days = new Map([['20261124', 'x']]);
    expect(trustedListing(encodeListing(coarse, T0 + RACY_MS - 1, days), coarse)).toBeUndefined();
    expect(trustedListing(encodeListing(coarse, T0 + RACY_MS, days), coarse)).toEqual(days);
  });

  it('gives back a day of merged files as it was saved, dropped files, unknown formats and activities included', () => {
    const entries: MergedEntry[] = [
      { name: '20261124_1200.mp4', start: T0 + 120, end: T0 + 60_080, bytes: 30_000_123, format: 'h264 1920x1080 + aac', exact: true, activity: [2_500_000, 2_499_877, 0, 9_000_000] },
      { name: '20261124_1201.mp4', start: T0 + 60_000, end: T0 + 120_000, bytes: 12, exact: false },
      { name: '20261124_1202.mp4', start: T0 + 120_000, end: T0 + 180_000, exact: false },
      { name: '20261124_1203.mp4', start: T0 + 180_000, end: T0 + 239_000, bytes: 5, format: 'hevc 640x360', exact: true },
    ];
    const cache = { index: { ino: 3, size: 420, mtimeMs: T0 + 0.5, ctimeMs: T0 + 0.5 }, fingerprint: 'abc', files: dayFiles(entries) };
    const decoded = decodeDay(encodeDay(cache))!;
    expect(decoded).toEqual(cache);
    expect(decoded.files.formats).toEqual(['h264 1920x1080 + aac', 'hevc 640x360']);
    expect(decoded.files.activity).toEqual([[2_500_000, 2_499_877, 0, 9_000_000], null, null, null]);
    expect(decodeDay(encodeDay({ index: null, fingerprint: 'e', files: dayFiles([]) }))).toEqual({ index: null, fingerprint: 'e', files: { names: [], base: 0, rows: [], formats: [], activity: [] } });
  });

  it('refuses a day cache of another version (1: made before files had their activity), cut short or with rows or activities that do not match its names', () => {
    const good = JSON.parse(encodeDay({ index: null, fingerprint: 'f', files: dayFiles([{ name: 'a.mp4', start: 1, end: 2, bytes: 3, exact: true }]) })) as Record<string, unknown>;
    expect(decodeDay(JSON.stringify(good))).toBeDefined();
    expect(decodeDay(JSON.stringify({ ...good, version: 1 }))).toBeUndefined();
    expect(decodeDay(JSON.stringify({ ...good, activity: [] }))).toBeUndefined();
    expect(decodeDay(JSON.stringify({ ...good, rows: [0, 1, 3] }))).toBeUndefined();
    expect(decodeDay(JSON.stringify({ ...good, index: undefined }))).toBeUndefined();
    expect(decodeDay(JSON.stringify(good).slice(0, 40))).toBeUndefined();
  });
});
