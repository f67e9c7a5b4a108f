import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFootage } from '../../../src/merge/footage-index.js';
import { minuteStamp, segmentFileName } from '../../../src/recorder/naming.js';
import { recordSegmentTime } from '../../../src/recorder/segment-times.js';
import { withFootageToday } from '../../../src/status/footage-today.js';
import type { DiskRecordings } from '../../../src/status/recordings.js';
import { tempDir } from '../../support/cli.js';

const scan: DiskRecordings = { files: 1, segments: 1, bytes: 100, bytesEstimated: false, newestEnd: 1000, oldestStart: 0, quarantine: { files: 0, bytes: 0 } };
const at = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s).getTime();

// A camera folder with merged minutes holding [start, end) each, known to the footage index.
async function cameraWith(pieces: Array<[number, number]>): Promise<string> {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'merged'), { recursive: true });
  for (const [start, end] of pieces) {
    const name = `${minuteStamp(start)}.mp4`;
    writeFileSync(path.join(dir, 'merged', name), 'x');
    await recordFootage(dir, { name, start, end, bytes: 1, format: 'h264 640x360' });
  }
  return dir;
}

// Whole minutes from `from` to `to`, each file starting where the one before ends.
const minutes = (from: number, to: number) => Array.from({ length: (to - from) / 60_000 }, (_, i): [number, number] => [from + i * 60_000, from + (i + 1) * 60_000]);

describe("status's footage of today, from the footage catalogue", () => {
  it('one continuous recording since 10:00 has no gap, and covers what it covers of the day so far', async () => {
    const now = new Date(at(10, 20));
    const today = await withFootageToday(await cameraWith(minutes(at(10, 0), at(10, 20))), now, scan);
    expect(today).toMatchObject({ gapsToday: 0, newestEnd: at(10, 20) });
    expect(today.coverageToday).toBeCloseTo(20 / (10 * 60 + 20), 6);
  });

  it('nothing recorded today has no gap and no coverage; the name scan’s newest footage stands', async () => {
    expect(await withFootageToday(tempDir(), new Date(at(10, 0)), scan)).toEqual({ ...scan, coverageToday: 0, gapsToday: 0 });
  });

  it('a recording that stopped an hour ago has no gap: the hour since is shown by the newest footage', async () => {
    expect(await withFootageToday(await cameraWith(minutes(at(10, 0), at(10, 30))), new Date(at(11, 30)), scan)).toMatchObject({ gapsToday: 0, newestEnd: at(10, 30) });
  });

  it('two outages between footage are two gaps, with the true times of the footage around them (a gap inside a minute file counts too)', async () => {
    const pieces = minutes(at(10, 0), at(10, 20)).filter(([start]) => start !== at(10, 5)); // the minute 10:05 missing
    const cut = pieces.findIndex(([start]) => start === at(10, 10));
    pieces[cut] = [at(10, 10, 30), at(10, 11)]; // 10:10:00–10:10:30 missing inside its minute
    const today = await withFootageToday(await cameraWith(pieces), new Date(at(10, 20)), scan);
    expect(today.gapsToday).toBe(2);
    expect(today.coverageToday).toBeCloseTo((20 * 60 - 90) / ((10 * 60 + 20) * 60), 6);
  });

  it('footage running on from yesterday is today’s footage: a hole after it is a gap', async () => {
    const midnight = at(0, 0);
    const today = await withFootageToday(await cameraWith([[midnight - 30_000, midnight + 30_000], [midnight + 60_000, midnight + 120_000]]), new Date(at(0, 5)), scan);
    expect(today.gapsToday).toBe(1);
  });

  it('a segment the recorder timed counts from its segment-times line, without being opened; one it did not time, from its header', async () => {
    const dir = await cameraWith(minutes(at(10, 0), at(10, 10)));
    mkdirSync(path.join(dir, 'segments'));
    const timed = segmentFileName(at(10, 10));
    writeFileSync(path.join(dir, 'segments', timed), 'not opened'); // an MP4 header would not be read
    await recordSegmentTime(dir, timed, { name: timed, start: at(10, 10), end: at(10, 10, 2), run: 'r1' });
    writeFileSync(path.join(dir, 'segments', segmentFileName(at(10, 10, 4))), 'no header, no line: not footage');
    const today = await withFootageToday(dir, new Date(at(10, 20)), scan);
    expect(today).toMatchObject({ gapsToday: 0, newestEnd: at(10, 10, 2) });
    expect(today.coverageToday).toBeCloseTo((10 * 60 + 2) / ((10 * 60 + 20) * 60), 6);
  });
});
