import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraAlerts } from '../../../src/notify/camera-alerts.js';
import { AlertGrouper } from '../../../src/notify/grouper.js';
import type { RecorderEvent } from '../../../src/recorder/events.js';

// Events → CameraAlerts (grace 30 s) → AlertGrouper (min_interval 60 s) → sent[], under fake timers.
function pipeline() {
  const sent: string[] = [];
  const grouper = new AlertGrouper({ minIntervalMs: 60_000, graceSeconds: 30, deliver: (t) => sent.push(t) });
  const alerts = new CameraAlerts('cam1', 30_000, (a) => grouper.add(a));
  const emit = (e: RecorderEvent) => alerts.on(e);
  const down = () => emit({ type: 'disconnected', reason: 'connection refused', at: Date.now() });
  const up = (outageSeconds: number) => emit({ type: 'reconnected', outageSeconds, at: Date.now() });
  return { sent, emit, down, up, grouper, alerts };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('camera alerts with grace and grouping', () => {
  it('a 5 s outage sends nothing', () => {
    const p = pipeline();
    p.down();
    vi.advanceTimersByTime(5000);
    p.up(5);
    vi.advanceTimersByTime(10 * 60_000);
    expect(p.sent).toEqual([]);
  });

  it('a 40 s outage sends exactly one "lost" and one "back (gone 40 s)"', () => {
    const p = pipeline();
    vi.advanceTimersByTime(120_000);
    p.down();
    vi.advanceTimersByTime(29_000);
    expect(p.sent).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(p.sent).toEqual(['🔴 cam1: lost, no footage for 30 s (connection refused)']);
    vi.advanceTimersByTime(10_000);
    p.up(40);
    vi.advanceTimersByTime(60_000);
    expect(p.sent).toHaveLength(2);
    expect(p.sent[1]).toBe('🟢 cam1: back (gone 40 s)');
  });

  it('a camera flapping 10 times within min_interval sends one summary', () => {
    const p = pipeline();
    for (let i = 0; i < 10; i++) {
      p.down();
      vi.advanceTimersByTime(2000);
      p.up(2);
      vi.advanceTimersByTime(3000);
    }
    expect(p.sent).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(p.sent).toHaveLength(1);
    expect(p.sent[0]).toMatch(/^⚠️ cam1: unstable, dropped 10 times in about 1 min \(longest 2 s, each back within the 30 s grace\)$/);
    vi.advanceTimersByTime(10 * 60_000);
    expect(p.sent).toHaveLength(1);
  });

  it('alerts inside min_interval after a message are held and sent as one summary', () => {
    const p = pipeline();
    p.down();
    vi.advanceTimersByTime(31_000); // lost (sent)
    p.up(31); // back: held, 31 s after the lost message
    p.down();
    vi.advanceTimersByTime(31_000); // lost again: held
    expect(p.sent).toHaveLength(1);
    vi.advanceTimersByTime(30_000);
    expect(p.sent).toHaveLength(2);
    expect(p.sent[1]).toMatch(/^⚠️ cam1: 2 events in about 1 min:\n• 🟢 cam1: back \(gone 31 s\)\n• 🔴 cam1: lost/);
  });

  it('a recovered stall is told even when shorter than the grace', () => {
    const p = pipeline();
    p.emit({ type: 'stalled', silentSeconds: 5, at: Date.now() });
    vi.advanceTimersByTime(3000);
    p.emit({ type: 'recovered', outageSeconds: 8, at: Date.now() });
    expect(p.sent).toEqual(['🟡 cam1: stall recovered, the stream froze and recording resumed after 8 s']);
  });
});
