import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMergedFiles, type WebFootage } from '../../support/web-footage.js';

let web: WebFootage;
const at = (hh: number, mm: number, ss = 0) => new Date(2026, 10, 30, hh, mm, ss).getTime(); // local, as the names
beforeAll(async () => {
  // 12:00:00–12:00:10 with frames ten times larger in 12:00:05–12:00:10; nothing in 12:01.
  web = await serveMergedFiles({ '20261130_1200': { frames: 150, audio: false, frameBytes: (i) => (i >= 75 ? 10_000 : 1000) } });
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

  it('is 400 for a step under 1000 ms, not a number, or making too many values', async () => {
    for (const step of ['999', 'abc', '1.5e3']) {
      const res = await fetch(`${web.base}/api/activity?camera=cam1&start=${at(12, 0)}&end=${at(12, 1)}&step=${step}`);
      expect(res.status, step).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^step: /);
    }
    expect((await fetch(`${web.base}/api/activity?camera=cam1&start=${at(0, 0)}&end=${at(0, 0) + 20 * 86_400_000}&step=1000`)).status).toBe(400);
  });
});
