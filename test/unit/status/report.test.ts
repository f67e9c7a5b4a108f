import { describe, expect, it } from 'vitest';
import { buildStatus, formatStatus, recorderView } from '../../../src/status/report.js';
import { applyEvent, type RecorderStatus } from '../../../src/recorder/state-file.js';

const t = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s).getTime();

describe('status document', () => {
  const now = new Date(t(12, 0));
  const base: RecorderStatus = {
    version: 1, camera: 'cam1', pid: 1, state: 'recording', detail: 'recording', since: new Date(t(11, 0)).toISOString(),
    started_at: new Date(t(11, 0)).toISOString(), updated_at: new Date(t(11, 59, 58)).toISOString(), last_segment_at: null, outage_since: null,
  };
  const files = { files: 10, segments: 3, bytes: 5000, bytesEstimated: false, newestEnd: t(11, 59, 57), oldestStart: t(0, 0), coverageToday: 0.5, gapsToday: 2, quarantine: { files: 0, bytes: 0 } };

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

  it('with offsite: shows how far behind the off-site copy is, and says under the table when it is past max_lag or unknown', () => {
    const lag = { lag_s: 0, oldest_pending: null, pending_bytes: 0, pending_files: 0, max_lag_s: 600, error: null };
    const doc = buildStatus([
      { name: 'cam1', state: base, files, offsite: lag },
      { name: 'cam2', state: base, files, offsite: { ...lag, lag_s: 1500, pending_bytes: 3_000_000, pending_files: 4 } },
      { name: 'cam3', state: base, files, offsite: { ...lag, lag_s: null, pending_bytes: null, pending_files: null, error: 'reading the off-site state "/x/.offsite/state.jsonl": EACCES' } },
    ], { reachable: true, units: new Map(), timers: [] }, [], now);
    expect(doc.cameras[1]!.offsite).toEqual({ ...lag, lag_s: 1500, pending_bytes: 3_000_000, pending_files: 4 });
    const text = formatStatus(doc);
    expect(text).toMatch(/^CAMERA .* OLDEST +OFF-SITE$/m);
    expect(text).toMatch(/^cam1 .* up to date$/m);
    expect(text).toMatch(/^cam2 .* 25 min behind, 2\.9 MiB to send$/m);
    expect(text).toMatch(/^cam3 .* \?$/m);
    expect(text).toContain('\ncam2: the off-site copy is 25 min behind, more than offsite.max_lag (10 min)\n');
    expect(text).toContain('\ncam3: off-site lag unknown: reading the off-site state "/x/.offsite/state.jsonl": EACCES\n');
    const without = formatStatus(buildStatus([{ name: 'cam1', state: base, files }], { reachable: true, units: new Map(), timers: [] }, [], now));
    expect(without).not.toContain('OFF-SITE');
    expect(buildStatus([{ name: 'cam1', state: base, files }], { reachable: true, units: new Map(), timers: [] }, [], now).cameras[0]!.offsite).toBeNull();
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
