import { describe, expect, it } from 'vitest';
import { MAX_RESTART_DELAY_MS } from '../../../src/recorder/restart-pace.js';
import { decideRestart } from '../../../src/supervisor/restart-policy.js';

const exit = (over: Partial<Parameters<typeof decideRestart>[0]> = {}) => ({ code: 1, signal: null, livedMs: 1000, watchdog: false, ...over });

describe('restarting a recorder under `run`, by the unit\'s rules', () => {
  it('never after exit 78 (a bad config), and says so', () => {
    const d = decideRestart(exit({ code: 78 }), 5000, 5000);
    expect(d.restart).toBe(false);
    expect(d.why).toBe('the recorder exited with code 78 (the config or a secret must be fixed): not restarted until the config is read again (SIGHUP)');
  });

  it('at most once per RestartSec (reconnect_delay) from its start, doubling while it keeps dying young, up to a minute; at once after a long run', () => {
    const delays: number[] = [];
    let previous: number | undefined;
    for (let i = 0; i < 7; i++) {
      const d = decideRestart(exit(), previous, 5000);
      if (!d.restart) throw new Error('no restart');
      delays.push((previous = d.delayMs));
    }
    expect(delays).toEqual([4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]); // the first counts from its start, 1 s ago
    expect(MAX_RESTART_DELAY_MS).toBe(60_000);
    expect(decideRestart(exit({ livedMs: 3_600_000 }), 60_000, 5000)).toMatchObject({ restart: true, delayMs: 0, why: 'the recorder exited with code 1; restarting it now' });
    expect(decideRestart(exit({ livedMs: 0 }), undefined, 5000)).toMatchObject({ restart: true, delayMs: 5000 });
  });

  it('says how it ended: a signal, the watchdog, an exit code', () => {
    expect(decideRestart(exit({ code: null, signal: 'SIGKILL' }), undefined, 5000).why).toBe('the recorder was ended by SIGKILL; restarting it in 4 s');
    expect(decideRestart(exit({ code: null, signal: 'SIGKILL', watchdog: true }), undefined, 5000).why).toBe('the recorder stopped pinging the watchdog and was killed; restarting it in 4 s');
    expect(decideRestart(exit({ code: 0, livedMs: 500 }), undefined, 1000).why).toBe('the recorder exited with code 0; restarting it in 0.5 s');
  });
});
