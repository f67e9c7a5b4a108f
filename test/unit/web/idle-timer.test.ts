import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from '../../../src/web/idle-timer.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createIdleTimer', () => {
  it('calls onIdle once idleMs have passed with nothing in progress', () => {
    const onIdle = vi.fn();
    createIdleTimer({ idleMs: 1000, onIdle });
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('waits while anything is in progress, and counts idleMs again from the end of the last', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer({ idleMs: 1000, onIdle });
    vi.advanceTimersByTime(900);
    const a = timer.busy();
    const b = timer.busy();
    vi.advanceTimersByTime(5000);
    a();
    a(); // ending twice counts once
    vi.advanceTimersByTime(5000);
    expect([onIdle.mock.calls.length, timer.active]).toEqual([0, 1]);
    b();
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('keeps no timer while busy (no polling), and none after stop', () => {
    const timer = createIdleTimer({ idleMs: 1000, onIdle: () => {} });
    expect(vi.getTimerCount()).toBe(1);
    const end = timer.busy();
    expect(vi.getTimerCount()).toBe(0);
    end();
    expect(vi.getTimerCount()).toBe(1);
    timer.stop();
    expect(vi.getTimerCount()).toBe(0);
    timer.busy()();
    expect(vi.getTimerCount()).toBe(0);
  });
});
