import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, CONFIG_DELAY_MS, HEALTHY, MAX_DELAY_MS, type RemoteHealth } from '../../../src/offsite/backoff.js';

const unreachable = { code: 'E_OFFSITE_UNREACHABLE', line: 'off-site remote "nas:cams" cannot be reached' };
const auth = { code: 'E_OFFSITE_AUTH', line: 'off-site remote "nas:cams" refused the credentials' };

describe('the uploader\'s back-off', () => {
  it('waits 2 s, doubling to 2 min (±20 %), and logs only when the failure starts or changes', () => {
    let health: RemoteHealth = HEALTHY;
    const delays: number[] = [];
    const logs: string[] = [];
    for (let i = 0; i < 9; i++) {
      const next = afterFailure(health, unreachable, 1000 * i, 0.5);
      health = next.health;
      delays.push(next.delayMs);
      if (next.log) logs.push(next.log);
    }
    expect(delays).toEqual([2000, 4000, 8000, 16_000, 32_000, 64_000, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
    expect(logs).toEqual(['off-site copy paused: off-site remote "nas:cams" cannot be reached; retrying in 2 s, then less often (up to every 2 min)']);
    expect(afterFailure(HEALTHY, unreachable, 0, 0).delayMs).toBe(1600);
    expect(afterFailure(HEALTHY, unreachable, 0, 1).delayMs).toBe(2400);
    expect(afterFailure(health, auth, 0, 0.5).log).toMatch(/^off-site copy still paused, now: .*refused the credentials; retrying every 10 min/);
  });

  it('notes another network failure in the same outage only for the verbose log: one outage is one line', () => {
    const lost = { code: 'E_OFFSITE_FAILED', line: 'off-site remote "nas:cams": rclone failed while uploading' };
    const failing = afterFailure(HEALTHY, unreachable, 0, 0.5).health;
    const other = afterFailure(failing, lost, 1000, 0.5);
    expect(other.log).toBeUndefined();
    expect(other.note).toBe('off-site copy still paused: off-site remote "nas:cams": rclone failed while uploading');
    const back = afterFailure(other.health, unreachable, 2000, 0.5);
    expect(back.log).toBeUndefined();
    const refused = afterFailure(back.health, auth, 3000, 0.5);
    expect(refused.log).toMatch(/^off-site copy still paused, now: /);
    const again = afterFailure(refused.health, unreachable, 4000, 0.5);
    expect(again.log).toMatch(/^off-site copy still paused, now: .*cannot be reached; retrying in 2 s/);
    expect(again.delayMs).toBe(2000);
  });

  it('waits 10 min after refused credentials, a config error that trying faster would not fix', () => {
    const first = afterFailure(HEALTHY, auth, 0, 0.5);
    expect(first.delayMs).toBe(CONFIG_DELAY_MS);
    const second = afterFailure(first.health, auth, 1, 0.5);
    expect(second.delayMs).toBe(CONFIG_DELAY_MS);
    expect(second.log).toBeUndefined();
  });

  it('says once that the remote answers again, with how long it failed', () => {
    const failing = afterFailure(afterFailure(HEALTHY, unreachable, 10_000).health, unreachable, 20_000).health;
    expect(afterSuccess(failing, 75_000)).toEqual({ health: HEALTHY, log: 'off-site remote answers again after 1 min 5 s of failures; the copy goes on' });
    expect(afterSuccess(HEALTHY, 75_000)).toEqual({ health: HEALTHY });
  });
});
