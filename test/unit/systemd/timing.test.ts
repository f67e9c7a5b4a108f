import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { isHealthy } from '../../../src/recorder/health.js';
import { healthLimits, STOP_GRACE_MS } from '../../../src/recorder/recorder.js';
import { recordTimings } from '../../../src/systemd/timing.js';
import { MAX_RESTART_DELAY_MS } from '../../../src/recorder/restart-pace.js';

function config(extra: string): Config {
  const r = parseConfigText(`cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: a}\n${extra}`, '/srv');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.config, path: '/srv/config.yaml' };
}

describe('recordTimings', () => {
  it.each([
    ['the defaults', '', 28],
    ['a 1 s socket timeout', 'ffmpeg: {timeout: 1000000}\nrecording: {stall_timeout: 2}\n', 20],
    ['a long stall timeout', 'recording: {stall_timeout: 60}\n', 68],
  ])('with %s, WatchdogSec outlasts every budget the recorder gives itself plus the stop grace', (_what, extra, expected) => {
    const c = config(extra);
    const { watchdogSec } = recordTimings(c);
    expect(watchdogSec).toBe(expected);
    // By the time the watchdog would fire, the recorder has already stopped pinging on its own:
    // it always acts first, and the watchdog is only the backstop.
    for (const phase of ['probe', 'connect', 'record'] as const) {
      expect(isHealthy({ childAlive: true, phase, silentSince: 0 }, watchdogSec * 1000, healthLimits(c))).toBe(false);
    }
  });

  it('restarts after 1 s whatever reconnect_delay (the recorder paces a crash loop itself), gives that wait time to start and FFmpeg its stop grace to finalise a segment', () => {
    const t = recordTimings(config('recording: {reconnect_delay: 20}\n'));
    expect(t.restartSec).toBe(1);
    expect(t.timeoutStartSec * 1000).toBeGreaterThan(MAX_RESTART_DELAY_MS + 20_000);
    expect(t.timeoutStopSec * 1000).toBeGreaterThan(STOP_GRACE_MS + 5000);
  });
});
