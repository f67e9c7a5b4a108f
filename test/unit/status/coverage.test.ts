import { describe, expect, it } from 'vitest';
import { coverageOf, intervalsOf } from '../../../src/status/coverage.js';
import { buildStatus, formatStatus, recorderView } from '../../../src/status/report.js';
import { applyEvent, type RecorderStatus } from '../../../src/recorder/state-file.js';

const t = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s).getTime();
const seg = (h: number, m: number, s: number) => `20261124_${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}${String(s).padStart(2, '0')}.mp4`;

describe('coverage from file names', () => {
  it('segments last segment_duration, or until the next one starts', () => {
    expect(intervalsOf([seg(10, 0, 0), seg(10, 0, 1), seg(10, 0, 10)], 'segment', 2)).toEqual([
      { start: t(10, 0, 0), end: t(10, 0, 1), slack: 2000 },
      { start: t(10, 0, 1), end: t(10, 0, 3), slack: 2000 },
      { start: t(10, 0, 10), end: t(10, 0, 12), slack: 2000 },
    ]);
  });

  it('merged minutes last to the end of their minute; _N files of one minute share it', () => {
    expect(intervalsOf(['20261124_1000.mp4', '20261124_1000_1.mp4', '20261124_1001.mp4'], 'merged', 2)).toEqual([
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 1), end: t(10, 2) },
    ]);
  });

  it('counts the share covered, and a gap for each hole of more than 1 s between two pieces of footage', () => {
    const intervals = [{ start: t(10, 0), end: t(10, 30) }, { start: t(10, 30, 1), end: t(10, 45) }, { start: t(10, 45, 2), end: t(10, 50) }, { start: t(10, 55), end: t(11, 0) }];
    const c = coverageOf(intervals, t(10, 0), t(11, 0));
    expect(c.gaps).toBe(2); // 1 s is within the merge's rule; 2 s and 5 min are gaps
    expect(c.share).toBeCloseTo((3600 - 1 - 2 - 300) / 3600, 5);
  });

  it('footage before the first recording of the day and after the last one is no footage, not a gap', () => {
    expect(coverageOf([{ start: t(1, 0), end: t(2, 0) }], t(0, 0), t(3, 0))).toEqual({ share: 1 / 3, gaps: 0 });
  });

  it('one continuous recording since the morning has no gap, and nothing recorded has none either', () => {
    const names = Array.from({ length: 900 }, (_, i) => seg(9, Math.floor(i / 30), (i % 30) * 2));
    expect(coverageOf(intervalsOf(names, 'segment', 2), t(0, 0), t(9, 30, 5)).gaps).toBe(0);
    expect(coverageOf([], t(0, 0), t(9, 30))).toEqual({ share: 0, gaps: 0 });
  });

  it('footage running on from yesterday is today\'s footage: a hole after it is a gap', () => {
    expect(coverageOf([{ start: t(0, 0) - 600_000, end: t(0, 10) }, { start: t(0, 20), end: t(1, 0) }], t(0, 0), t(1, 0)).gaps).toBe(1);
  });

  it('after a segment known by its name only, a hole counts beyond segment_duration + 1 s (a segment runs on to the next keyframe)', () => {
    const everyFour = intervalsOf([seg(10, 0, 0), seg(10, 0, 4), seg(10, 0, 8)], 'segment', 2); // a camera with 4 s between keyframes
    expect(coverageOf(everyFour, t(10, 0), t(10, 0, 10)).gaps).toBe(0);
    const missing = intervalsOf([seg(10, 0, 0), seg(10, 0, 2), seg(10, 0, 10)], 'segment', 2); // 6 s without a segment
    expect(coverageOf(missing, t(10, 0), t(10, 0, 12)).gaps).toBe(1);
  });
});

describe('status document', () => {
  const now = new Date(t(12, 0));
  const base: RecorderStatus = {
    version: 1, camera: 'cam1', pid: 1, state: 'recording', detail: 'recording', since: new Date(t(11, 0)).toISOString(),
    started_at: new Date(t(11, 0)).toISOString(), updated_at: new Date(t(11, 59, 58)).toISOString(), last_segment_at: null, outage_since: null,
  };
  const files = { files: 10, bytes: 5000, bytesEstimated: false, newestEnd: t(11, 59, 57), oldestStart: t(0, 0), coverageToday: 0.5, gapsToday: 2, quarantine: { files: 0, bytes: 0 } };

  it('a fresh "recording" state file is recording; a stale one is not running', () => {
    expect(recorderView(base, now)).toBe('recording');
    expect(recorderView({ ...base, updated_at: new Date(t(11, 59, 30)).toISOString() }, now)).toBe('not running');
    expect(recorderView({ ...base, state: 'waiting' }, now)).toBe('reconnecting');
    expect(recorderView(undefined, now)).toBe('not running');
  });

  it('a failed unit makes a camera not recording, and the document has the stable keys', () => {
    const units = new Map([['cam1', { active_state: 'failed', sub_state: 'failed', result: 'watchdog', n_restarts: 4 }], ['cam2', null]]);
    const doc = buildStatus([{ name: 'cam1', state: base, files }, { name: 'cam2', state: base, files }], { reachable: true, units, timers: [] }, [], now);
    expect(doc.cameras.map((c) => c.recording)).toEqual([false, true]);
    expect(doc.all_recording).toBe(false);
    expect(doc.cameras[1]).toMatchObject({ name: 'cam2', recording: true, last_segment_age_s: 3, coverage_today: 0.5, bytes: 5000, unit: null });
    expect(formatStatus(doc)).toMatch(/^cam1 +failed, 4 restarts +recording +3 s ago +50\.0% +2 /m);
    expect(formatStatus(doc)).toMatch(/^cam2 +not installed /m);
  });

  it('says under the table why a camera is not recording and what its quarantine holds', () => {
    const waiting = { ...base, state: 'waiting' as const, last_error: 'camera refused the login (401 Unauthorized): check the user name and password' };
    const doc = buildStatus([{ name: 'cam1', state: waiting, files: { ...files, quarantine: { files: 2, bytes: 3_000_000 } } }], { reachable: true, units: new Map([['cam1', null]]), timers: [] }, [], now);
    expect(doc.cameras[0]).toMatchObject({ recorder_state: 'reconnecting', reason: waiting.last_error, quarantine_files: 2, quarantine_bytes: 3_000_000 });
    const text = formatStatus(doc);
    expect(text).toContain('\ncam1: camera refused the login (401 Unauthorized): check the user name and password\n');
    expect(text).toMatch(/^cam1: quarantine\/ holds 2 unplayable file\(s\), 2\.9 MiB \(deleted after retention_days\)$/m);
  });

  it('the state file follows events and never keeps a URL password', () => {
    const next = applyEvent(base, { type: 'state', state: 'waiting', detail: 'rtsp://admin:pw123@h/ refused' }, now);
    expect(next).toMatchObject({ state: 'waiting', detail: 'rtsp://admin:***@h/ refused', since: now.toISOString() });
    expect(applyEvent(next, { type: 'disconnected', reason: 'x', at: t(11, 59) }, now).outage_since).toBe(new Date(t(11, 59)).toISOString());
  });
});
