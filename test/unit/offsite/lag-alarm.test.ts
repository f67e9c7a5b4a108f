import { describe, expect, it } from 'vitest';
import { checkLag } from '../../../src/offsite/lag-alarm.js';

describe('the off-site lag alarm', () => {
  it('changes once when the lag goes past max_lag and once when it is back under, with how long it was behind', () => {
    let alarm = { over: false } as Parameters<typeof checkLag>[0];
    const changes = [];
    for (const [lag, at] of [[100, 0], [601, 1000], [900, 2000], [700, 3000], [5, 63_000], [3, 64_000]] as const) {
      const next = checkLag(alarm, lag, 600, at);
      alarm = next.alarm;
      if (next.change) changes.push(next.change);
    }
    expect(changes).toEqual([{ type: 'over', lagSeconds: 601 }, { type: 'recovered', lagSeconds: 5, overSeconds: 62 }]);
  });
});
