import { describe, expect, it } from 'vitest';
import { coverageOf, intervalsOf } from '../../../src/status/coverage.js';
import { buildStatus, formatStatus, recorderView } from '../../../src/status/report.js';
import { applyEvent, type RecorderStatus } from '../../../src/recorder/state-file.js';

const t = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s).getTime();
const seg = (h: number, m: number, s: number) => `20261124_${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}${String(s).padStart(2, '0')}.mp4`;

describe('coverage from file names', () => {
  it('segments last segment_duration, or until the next one starts', () => {
    expect(intervalsOf([seg(10, 0, 0), seg(10, 0, 1), seg(10, 0, 10)], 'segment', 2)).toEqual([
      { start: t(10, 0, 0), end: t(10, 0, 1) },
      { start: t(10, 0, 1), end: t(10, 0, 3) },
      { start: t(10, 0, 10), end: t(10, 0, 12) },
    ]);
  });

  it('merged minutes last to the end of their minute; _N files of one minute share it', () => {
    expect(intervalsOf(['20261124_1000.mp4', '20261124_1000_1.mp4', '20261124_1001.mp4'], 'merged', 2)).toEqual([
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 0), end: t(10, 1) },
      { start: t(10, 1), end: t(10, 2) },
    ]);
  });

  it('counts the share covered and the gaps longer than the tolerance', () => {
    const intervals = [{ start: t(10, 0), end: t(10, 30) }, { start: t(10, 30, 2), end: t(10, 45) }, { start: t(10, 50), end: t(11, 0) }];
    const c = coverageOf(intervals, t(10, 0), t(11, 0), 3000);
    expect(c.gaps).toBe(1); // the 2 s step is within the tolerance, the 5 min hole is not
    expect(c.share).toBeCloseTo((3600 - 2 - 300) / 3600, 5);
  });

  it('a leading hole since midnight and a trailing hole are gaps', () => {
    expect(coverageOf([{ start: t(1, 0), end: t(2, 0) }], t(0, 0), t(3, 0), 3000)).toEqual({ share: 1 / 3, gaps: 2 });
  });
});

describe('status document', () => {
  const now = new Date(t(12, 0));
  const base: RecorderStatus = {
    version: 1, camera: 'cam1', pid: 1, state: 'recording', detail: 'recording', since: new Date(t(11, 0)).toISOString(),
    started_at: new Date(t(11, 0)).toISOString(), updated_at: new Date(t(11, 59, 58)).toISOString(), last_segment_at: null, outage_since: null,
  };
  const files = { files: 10, bytes: 5000, bytesEstimated: false, newestEnd: t(11, 59, 57), oldestStart: t(0, 0), coverageToday: 0.5, gapsToday: 2 };

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

  it('the state file follows events and never keeps a URL password', () => {
    const next = applyEvent(base, { type: 'state', state: 'waiting', detail: 'rtsp://admin:pw123@h/ refused' }, now);
    expect(next).toMatchObject({ state: 'waiting', detail: 'rtsp://admin:***@h/ refused', since: now.toISOString() });
    expect(applyEvent(next, { type: 'disconnected', reason: 'x', at: t(11, 59) }, now).outage_since).toBe(new Date(t(11, 59)).toISOString());
  });
});
