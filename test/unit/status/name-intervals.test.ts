import { describe, expect, it } from 'vitest';
import { intervalsOf } from '../../../src/status/name-intervals.js';

const t = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s).getTime();
const seg = (h: number, m: number, s: number) => `20261124_${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}${String(s).padStart(2, '0')}.mp4`;

describe('the time file names stand for', () => {
  it('segments last segment_duration, or until the next one starts', () => {
    expect(intervalsOf([seg(10, 0, 0), seg(10, 0, 1), seg(10, 0, 10)], 'segment', 2)).toEqual([
      { start: t(10, 0, 0), end: t(10, 0, 1), slack: 2000 },
      { start: t(10, 0, 1), end: t(10, 0, 3), slack: 2000 },
      { start: t(10, 0, 10), end: t(10, 0, 12), slack: 2000 },
    ]);
  });

  it('merged minutes last to the end of their minute; _N files of one minute share it', () => {
    expect(intervalsOf(['20261124_1000.mp4', '20261124_1000_1.mp4', '20261124_1001.mp4'], 'merged', 2)).toEqual([
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 1), end: t(10, 2) },
    ]);
  });
});
