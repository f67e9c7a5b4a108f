import { describe, expect, it } from 'vitest';
import { activityOf } from '../../../src/mp4/fragment-activity.js';

const fragment = (time: number, duration: number, bytes: number) => ({ time, duration, size: 100, mdatSize: bytes - 100 });

describe('activityOf', () => {
  it('sums the bytes of the fragments per 5 s, spreading a fragment across a step boundary by its time on each side', () => {
    expect(activityOf([fragment(0, 2, 1000), fragment(2, 2, 1000), fragment(4, 2, 3000), fragment(6, 2, 1000)])).toEqual([3500, 2500]);
  });

  it('gives a last step partly covered its bytes, and a fragment without video its place at its time', () => {
    expect(activityOf([fragment(0, 5, 500), fragment(5, 1, 200), fragment(6, 0, 150)])).toEqual([500, 350]);
  });

  it('is empty for no fragments, and 0 for a step no fragment reaches', () => {
    expect(activityOf([])).toEqual([]);
    expect(activityOf([fragment(0, 1, 300), fragment(11, 1, 300)])).toEqual([300, 0, 300]);
  });
});
