import { describe, expect, it } from 'vitest';
import { covers, notOffsite } from '../../../src/offsite/coverage.js';
import { CAMERA, DIR, merged, minuteOfSegments, s, segment, stateWith } from './footage.js';

const asRecording = (f: { path: string; bytes: number; start: number; end: number }, camera = CAMERA) => ({ camera, file: f.path, bytes: f.bytes, time: new Date(f.start), span: { start: f.start, end: f.end } });

describe('what is off-site', () => {
  it('a local file is when the remote has it at its size, a merged minute also when its segments are all there', () => {
    const [kept, grown, covered, partly, fresh] = [merged(0), merged(1, { bytes: 31_000 }), merged(2), merged(3), segment(300)];
    const state = stateWith([kept, merged(1), ...minuteOfSegments(2), ...minuteOfSegments(3).slice(0, 29)]);
    const files = [kept, grown, covered, partly, fresh].map((f) => asRecording(f));
    expect(notOffsite(CAMERA, files, state).map((r) => r.file)).toEqual([grown.path, partly.path, fresh.path]);
  });

  it('never holds back what is never uploaded: quarantine, or another camera\'s files', () => {
    const quarantined = { camera: CAMERA, file: `${DIR}/quarantine/20261130_090000.mp4`, bytes: 5, time: new Date(s(0)) };
    expect(notOffsite(CAMERA, [quarantined, asRecording(segment(0), 'yard')], stateWith([]))).toEqual([]);
  });

  it('counts spans as covering across holes of at most 1 s, not more', () => {
    expect(covers([{ start: 0, end: 2000 }, { start: 2900, end: 6000 }], { start: 0, end: 6000 })).toBe(true);
    expect(covers([{ start: 0, end: 2000 }, { start: 3100, end: 6000 }], { start: 0, end: 6000 })).toBe(false);
    expect(covers([{ start: 0, end: 4000 }], { start: 0, end: 6000 })).toBe(false);
  });
});
