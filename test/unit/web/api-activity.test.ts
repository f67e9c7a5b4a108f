import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexMergedFiles } from '../../../src/merge/index-merged.js';
import { writeFragmentedFile } from '../../support/fragmented-mp4.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';
import { serveMergedFiles, type WebFootage } from '../../support/web-footage.js';

let web: WebFootage;
const at = (hh: number, mm: number, ss = 0) => new Date(2026, 10, 30, hh, mm, ss).getTime(); // local, as the names
beforeAll(async () => {
  // 12:00:00–12:00:10 with frames ten times larger in 12:00:05–12:00:10; nothing in 12:01.
  web = await serveMergedFiles({ '20261130_1200': { frames: 150, audio: false, frameBytes: (i) => (i >= 75 ? 10_000 : 1000) } });
  // A segment not merged yet at 12:02:00 (4 s), and the original tool's minute at 12:03 (a regular MP4 of 2 s).
  mkdirSync(path.join(web.root, 'segments'));
  await writeFragmentedFile(path.join(web.root, 'segments', '20261130_120200.mp4'), { frames: 60, audio: false, frameBytes: () => 2000 });
  writeFileSync(path.join(web.root, 'merged', '20261130_1203.mp4'), buildRegularMp4({ videoFrames: 30, audioFrames: 31 }));
  await indexMergedFiles(web.root, path.join(web.root, 'merged'), new Date(2026, 10, 30, 13)); // its line: 2 s, no activity
});
afterAll(() => web.close());

type Answer = { camera: string; start: number; step: number; bytes_per_s: Array<number | null> };

describe('GET /api/activity', () => {
  it('gives the bytes per second of each step from the merged file\'s index line, null where there is no footage', async () => {
    const res = await fetch(`${web.base}/api/activity?camera=cam1&start=${at(12, 0)}&end=${at(12, 0, 20)}&step=5000`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Answer;
    expect(doc).toMatchObject({ camera: 'cam1', start: at(12, 0), step: 5000 });
    const [quiet, busy, ...rest] = doc.bytes_per_s;
    expect(quiet).toBeGreaterThan(15_000); // 15 frames of 1000 bytes a second, and their boxes
    expect(quiet).toBeLessThan(16_000);
    expect(busy! / quiet!).toBeGreaterThan(9);
    expect(rest).toEqual([null, null]);
  });

  it('reads a segment\'s activity from its fragments, and spreads a regular MP4\'s bytes evenly over its footage', async () => {
    const res = await fetch(`${web.base}/api/activity?camera=cam1&start=${at(12, 2)}&end=${at(12, 4)}&step=1000`);
    const values = ((await res.json()) as Answer).bytes_per_s;
    expect(values.slice(0, 4).every((v) => v! > 30_000 && v! < 31_000)).toBe(true); // 15 frames of 2000 bytes a second, and their boxes
    expect(values.slice(4, 60)).toEqual(Array(56).fill(null));
    const legacy = values.slice(60, 62);
    expect(legacy[0]).toBeGreaterThan(0);
    expect(legacy[1]).toBe(legacy[0]);
    expect(values.slice(62)).toEqual(Array(58).fill(null));
  });

  it('is 400 for a step under 1000 ms, not a number, or making too many values', async () => {
    for (const step of ['999', 'abc', '1.5e3']) {
      const res = await fetch(`${web.base}/api/activity?camera=cam1&start=${at(12, 0)}&end=${at(12, 1)}&step=${step}`);
      expect(res.status, step).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^step: /);
    }
    expect((await fetch(`${web.base}/api/activity?camera=cam1&start=${at(0, 0)}&end=${at(0, 0) + 20 * 86_400_000}&step=1000`)).status).toBe(400);
  });
});
