import { describe, expect, it } from 'vitest';
import { formatPlan, formatSummary } from '../../../src/merge/report.js';
import type { MergeOutcome } from '../../../src/merge/run.js';

const NOW = new Date(2026, 10, 24, 10, 22, 30);

const outcome = (extra: Partial<MergeOutcome> = {}): MergeOutcome => ({
  plan: { quarantine: [], joins: [], deleteSegments: [], deleteMerged: [] },
  minutes: 12,
  segments: 361,
  bytes: 88_300_000,
  failures: [],
  ...extra,
});

describe('merge summary line', () => {
  it('says minutes, segments, bytes and time in one line', () => {
    expect(formatSummary('cam1', outcome(), 3.14, NOW)).toBe('cam1: merged 12 minutes from 361 segments, 88 MB, 3.1 s');
  });

  it('adds quarantined segments and failed files, and says when there was nothing to do', () => {
    const plan = { quarantine: [{ name: 'x.mp4', reason: 'cut off' }], joins: [], deleteSegments: [], deleteMerged: [] };
    expect(formatSummary('cam1', outcome({ plan, failures: ['a'] }), 1, NOW)).toBe('cam1: merged 12 minutes from 361 segments, 88 MB, 1 bad segment(s) quarantined, 1 minute file(s) failed, 1.0 s');
    expect(formatSummary('cam2', outcome({ minutes: 0, segments: 0, bytes: 0 }), 0.04, NOW)).toBe('cam2: nothing to merge, 0.0 s');
  });
});

describe('segments waiting for merge_delay', () => {
  const waiting = { segments: 15, oldestDue: new Date(2026, 10, 24, 10, 24, 0), mergeDelay: 120 };
  const plan = { quarantine: [], joins: [], deleteSegments: [], deleteMerged: [], waiting };

  it('the summary says how many wait and when the oldest is due, in local time', () => {
    expect(formatSummary('cam1', outcome({ plan, minutes: 0, segments: 0, bytes: 0 }), 0.1, NOW)).toBe(
      'cam1: nothing to merge, 0.1 s; 15 segments wait for merge_delay (120 s); the oldest is due at 10:24:00',
    );
    expect(formatSummary('cam1', outcome({ plan: { ...plan, waiting: { ...waiting, segments: 1 } } }), 1, NOW)).toMatch(/, 1\.0 s; 1 segment waits for merge_delay \(120 s\); the oldest is due at 10:24:00$/);
  });

  it('a due time on another day carries its date', () => {
    const late = { ...plan, waiting: { ...waiting, oldestDue: new Date(2026, 10, 25, 0, 1, 0) } };
    expect(formatSummary('cam1', outcome({ plan: late }), 1, NOW)).toMatch(/the oldest is due at 2026-11-25 00:01:00$/);
  });

  it('--dry-run says the same below the plan', () => {
    expect(formatPlan('cam1', plan, NOW)).toEqual(['cam1: would merge 0 minute files from 0 segments', '  15 segments wait for merge_delay (120 s); the oldest is due at 10:24:00']);
  });
});
