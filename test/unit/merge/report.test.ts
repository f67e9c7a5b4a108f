import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../src/merge/report.js';
import type { MergeOutcome } from '../../../src/merge/run.js';

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
    expect(formatSummary('cam1', outcome(), 3.14)).toBe('cam1: merged 12 minutes from 361 segments, 88 MB, 3.1 s');
  });

  it('adds quarantined segments and failed files, and says when there was nothing to do', () => {
    const plan = { quarantine: [{ name: 'x.mp4', reason: 'cut off' }], joins: [], deleteSegments: [], deleteMerged: [] };
    expect(formatSummary('cam1', outcome({ plan, failures: ['a'] }), 1)).toBe('cam1: merged 12 minutes from 361 segments, 88 MB, 1 bad segment(s) quarantined, 1 minute file(s) failed, 1.0 s');
    expect(formatSummary('cam2', outcome({ minutes: 0, segments: 0, bytes: 0 }), 0.04)).toBe('cam2: nothing to merge, 0.0 s');
  });
});
