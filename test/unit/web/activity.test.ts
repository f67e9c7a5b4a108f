import { describe, expect, it } from 'vitest';
import { bytesPerSecond } from '../../../src/web/activity.js';

const T0 = Date.UTC(2026, 10, 30, 14, 0, 0);

describe('the activity strip', () => {
  it('gives the bytes per second of each bucket, null where there is no footage', () => {
    const files = [
      { start: T0, end: T0 + 10_000, activity: [5000, 50_000] },
      { start: T0 + 20_000, end: T0 + 25_000, activity: [10_000] },
    ];
    expect(bytesPerSecond(files, T0, T0 + 30_000, 5000)).toEqual([1000, 10_000, null, null, 2000, null]);
    expect(bytesPerSecond(files, T0, T0 + 30_000, 10_000)).toEqual([5500, null, 2000]);
  });

  it('spreads each 5 s over buckets smaller than it, and gives a bucket partly covered the rate of its footage', () => {
    const files = [{ start: T0 + 500, end: T0 + 7500, activity: [5000, 5000] }]; // its last 5000 bytes in 2 s
    expect(bytesPerSecond(files, T0, T0 + 9000, 1000)).toEqual([1000, 1000, 1000, 1000, 1000, 1750, 2500, 2500, null]);
  });

  it('counts only the part of a file inside the range, with a last bucket shorter than the step', () => {
    const files = [{ start: T0 - 5000, end: T0 + 10_000, activity: [99_999, 1000, 3000] }];
    expect(bytesPerSecond(files, T0, T0 + 7000, 5000)).toEqual([200, 600]);
  });

  it('is empty for an empty range', () => {
    expect(bytesPerSecond([{ start: T0, end: T0 + 5000, activity: [1] }], T0, T0, 1000)).toEqual([]);
  });
});
