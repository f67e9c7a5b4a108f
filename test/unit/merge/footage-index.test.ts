import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { footageIndexPath, pruneFootageIndexes, readFootage, recordFootage } from '../../../src/merge/footage-index.js';
import { withFootageToday } from '../../../src/status/footage-today.js';
import { scanRecordings } from '../../../src/status/recordings.js';
import { segmentTimesPath } from '../../../src/recorder/segment-times.js';
import { tempDir } from '../../support/cli.js';

describe('the footage index of merged files', () => {
  it('keeps the last line per name and skips a line cut by a crash', async () => {
    const dir = tempDir();
    await recordFootage(dir, { name: '20261124_1200.mp4', start: 1, end: 2 });
    await recordFootage(dir, { name: '20261124_1200.mp4', start: 1, end: 3 });
    appendFileSync(footageIndexPath(dir, '20261124'), '{"name":"20261124_12');
    expect([...readFootage(dir, '20261124').values()]).toEqual([{ name: '20261124_1200.mp4', start: 1, end: 3 }]);
  });

  it('prunes the indexes, the hourly segment times and the catalogue caches of days before the one to keep, and nothing else', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.footage'));
    for (const day of ['20261120', '20261123', '20261124']) writeFileSync(footageIndexPath(dir, day), '');
    for (const name of ['20261120_235958.mp4', '20261123_000000.mp4']) writeFileSync(segmentTimesPath(dir, name), '');
    for (const name of ['20261120.merged.json', '20261120.merged.json.4242.0a1b2c3d.tmp', '20261123.merged.json', 'merged-listing.json']) writeFileSync(path.join(dir, '.footage', name), '{}');
    writeFileSync(path.join(dir, '.footage', '20261120-notes.txt'), 'a user file');
    expect(await pruneFootageIndexes(dir, '20261123')).toBe(4);
    expect(readdirSync(path.join(dir, '.footage')).sort()).toEqual(['20261120-notes.txt', '20261123.jsonl', '20261123.merged.json', '20261123_00.segments.jsonl', '20261124.jsonl', 'merged-listing.json']);
  });

  it('lets status see a partial merged minute as the footage it holds, not the whole minute', async () => {
    const root = tempDir();
    const merged = path.join(root, 'merged');
    mkdirSync(merged);
    writeFileSync(path.join(merged, '20261124_1200.mp4'), 'x');
    const start = new Date(2026, 10, 24, 12, 0, 10).getTime();
    await recordFootage(root, { name: '20261124_1200.mp4', start, end: start + 20_000 });
    const now = new Date(2026, 10, 24, 12, 5, 0);
    const scan = await withFootageToday(root, now, await scanRecordings(root, 2));
    expect(scan.newestEnd).toBe(start + 20_000);
    const elapsed = now.getTime() - new Date(2026, 10, 24).getTime();
    expect(scan.coverageToday).toBeCloseTo(20_000 / elapsed, 6);
  });
});
