import { describe, expect, it } from 'vitest';
import { nextFullHour } from '../../../src/supervisor/jobs.js';

describe('the clean\'s hourly schedule under `run`', () => {
  it('is the next full hour of local time', () => {
    expect(new Date(nextFullHour(new Date(2026, 11, 1, 10, 43, 12, 5).getTime()))).toEqual(new Date(2026, 11, 1, 11, 0, 0, 0));
    expect(new Date(nextFullHour(new Date(2026, 11, 1, 23, 0, 0, 0).getTime()))).toEqual(new Date(2026, 11, 2, 0, 0, 0, 0));
  });
});
