import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/duration.js';

describe('durations', () => {
  it.each([['10m', 600], ['90s', 90], ['1h30m', 5400], ['600', 600], ['0', 0], [45, 45], ['1.5s', 1.5]])('"%s" is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'ten', '10x', '-5', 'm', -1])('"%s" is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
