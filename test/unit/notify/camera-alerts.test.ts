import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraAlerts } from '../../../src/notify/camera-alerts.js';
import type { Alert } from '../../../src/notify/grouper.js';

describe('camera alerts', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date(2026, 10, 30, 12, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  it('"lost" tells the reason of the latest failed attempt, not only of the first', () => {
    const sent: Alert[] = [];
    const alerts = new CameraAlerts('cam1', 30_000, (a) => sent.push(a));
    const at = Date.now();
    alerts.on({ type: 'disconnected', reason: 'camera unreachable: connection refused', at });
    alerts.on({ type: 'attempt-failed', reason: 'camera unreachable: connection refused', attempt: 1, at });
    vi.advanceTimersByTime(10_000);
    alerts.on({ type: 'attempt-failed', reason: 'camera refused the login (401 Unauthorized): check the user name and password', attempt: 2, at: Date.now() });
    vi.advanceTimersByTime(25_000);
    expect(sent.map((a) => a.text)).toEqual(['🔴 cam1: lost, no footage for 30 s (camera refused the login (401 Unauthorized): check the user name and password)']);
    alerts.close();
  });
});
