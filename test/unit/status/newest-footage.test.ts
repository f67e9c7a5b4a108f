import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFootage } from '../../../src/merge/footage-index.js';
import { minuteStamp } from '../../../src/recorder/naming.js';
import { withNewestFootage } from '../../../src/status/newest-footage.js';
import type { Recordings } from '../../../src/status/recordings.js';
import { tempDir } from '../../support/cli.js';

const scan: Recordings = { files: 1, bytes: 100, bytesEstimated: false, newestEnd: 1000, oldestStart: 0, coverageToday: 0.5, gapsToday: 1, quarantine: { files: 0, bytes: 0 } };

describe("status's newest footage", () => {
  it('is the footage catalogue’s: a merged file’s exact end from the footage index, not the name scan’s guess', async () => {
    const dir = tempDir();
    const now = new Date();
    const start = now.getTime() - 20_000;
    const name = `${minuteStamp(start)}.mp4`;
    mkdirSync(path.join(dir, 'merged'), { recursive: true });
    writeFileSync(path.join(dir, 'merged', name), 'x');
    await recordFootage(dir, { name, start, end: now.getTime() - 1500, bytes: 1, format: 'h264 640x360' });
    expect(await withNewestFootage(dir, now, 2, scan)).toEqual({ ...scan, newestEnd: now.getTime() - 1500 });
  });

  it('is the name scan’s when nothing is that recent (the camera has been down a while)', async () => {
    expect(await withNewestFootage(tempDir(), new Date(), 2, scan)).toEqual(scan);
  });
});
