import { describe, expect, it } from 'vitest';
import type { RecorderStatus } from '../../../src/recorder/state-file.js';
import { cameraHealth } from '../../../src/status/health.js';

const now = new Date('2026-12-01T10:00:00Z');
const state = (over: Partial<RecorderStatus>): RecorderStatus => ({
  version: 1, camera: 'cam1', pid: 1, state: 'recording', detail: 'recording', since: '2026-12-01T09:00:00Z', started_at: '2026-12-01T09:00:00Z',
  updated_at: '2026-12-01T09:59:58Z', last_segment_at: null, outage_since: null, ...over,
});

describe('a camera\'s health, by its state file', () => {
  it('is good only while the recorder says it records and its file is fresh', () => {
    expect(cameraHealth('cam1', state({}), '/r/cam1/.recorder-state.json', now)).toEqual({ ok: true, why: 'cam1: recording' });
  });

  it('says why not, in one line', () => {
    const why = (s: RecorderStatus | undefined) => cameraHealth('cam1', s, '/r/cam1/.recorder-state.json', now);
    expect(why(undefined)).toEqual({ ok: false, why: 'cam1: no recorder has run here (no /r/cam1/.recorder-state.json)' });
    expect(cameraHealth('cam1', undefined, '/r/cam1/.recorder-state.json', now, true).why).toBe('cam1: /r/cam1/.recorder-state.json cannot be read (permissions?)');
    expect(why(state({ updated_at: '2026-12-01T09:58:00Z' })).why).toBe('cam1: the recorder is not running (its state was last written 2 min ago)');
    expect(why(state({ state: 'waiting', detail: 'camera unreachable: connection refused; reconnecting in 5 s', last_error: 'camera unreachable: connection refused' })).why).toBe('cam1: reconnecting: camera unreachable: connection refused');
    expect(why(state({ state: 'stalled', detail: 'stream stalled for 6 s' })).why).toBe('cam1: stalled: stream stalled for 6 s');
    expect(why(state({ state: 'stopped', detail: 'stopped', since: '2026-12-01T09:59:30Z' })).why).toBe('cam1: the recorder stopped 30 s ago');
  });
});
