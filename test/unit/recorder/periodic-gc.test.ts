import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { collectGarbagePeriodically } from '../../../src/recorder/periodic-gc.js';

const global = globalThis as { gc?: () => void };
const original = global.gc;

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  global.gc = original;
});

it('collects once per interval while started with --expose-gc, and stops when told', () => {
  const gc = vi.fn();
  global.gc = gc;
  const stop = collectGarbagePeriodically(60_000);
  vi.advanceTimersByTime(59_999);
  expect(gc).not.toHaveBeenCalled();
  vi.advanceTimersByTime(120_001);
  expect(gc).toHaveBeenCalledTimes(3);
  stop();
  vi.advanceTimersByTime(600_000);
  expect(gc).toHaveBeenCalledTimes(3);
});

it('does nothing without --expose-gc', () => {
  delete global.gc;
  const stop = collectGarbagePeriodically(1000);
  expect(vi.getTimerCount()).toBe(0);
  stop();
});
