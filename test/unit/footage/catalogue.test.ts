import { describe, expect, it } from 'vitest';
import { buildCatalogue, nearestRun, type FootageFile } from '../../../src/footage/catalogue.js';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const file = (from: number, to: number, format: string | undefined = 'h264 640x360', kind: FootageFile['kind'] = 'merged'): FootageFile => ({
  path: `/rec/${kind}/${from}`,
  kind,
  start: s(from),
  end: s(to),
  bytes: (to - from) * 100,
  format,
  exact: true,
});

describe('the footage catalogue', () => {
  it('joins abutting merged minutes and unmerged segments into one run, whatever order they come in', () => {
    const c = buildCatalogue([file(120, 122, undefined, 'segment'), file(60, 120), file(0, 60), file(122, 124, undefined, 'segment')], s(0), s(200));
    expect(c.runs).toHaveLength(1);
    expect(c.runs[0]).toMatchObject({ start: s(0), end: s(124), format: 'h264 640x360', bytes: 12_400 });
    expect(c.runs[0]!.files.map((f) => f.kind)).toEqual(['merged', 'merged', 'segment', 'segment']);
    expect(c.gaps).toEqual([]);
    expect(c.covered).toBe(124_000);
  });

  it('makes every hole of more than 1 s a gap, and a change of format a new run without a gap', () => {
    const c = buildCatalogue([file(0, 60), file(60.5, 90), file(95, 120), file(120, 150, 'h264 1280x720')], s(0), s(150));
    expect(c.runs.map((r) => [r.start, r.end, r.format])).toEqual([
      [s(0), s(90), 'h264 640x360'],
      [s(95), s(120), 'h264 640x360'],
      [s(120), s(150), 'h264 1280x720'],
    ]);
    expect(c.gaps).toEqual([{ start: s(90), end: s(95) }]);
    expect(c.covered).toBe(145_000);
  });

  it('cuts runs to the range; footage that overlaps (a clock stepped back) is a run of its own, counted once', () => {
    const c = buildCatalogue([file(0, 60), file(30, 80), file(300, 400)], s(10), s(350));
    expect(c.runs.map((r) => [r.start, r.end])).toEqual([
      [s(10), s(60)],
      [s(30), s(80)],
      [s(300), s(350)],
    ]);
    expect(c.covered).toBe(70_000 + 50_000);
    expect(c.gaps).toEqual([{ start: s(80), end: s(300) }]);
  });

  it('never joins a pass of time that overlaps the run so far (after a step back), also when it continues it', () => {
    // A0 [0,60], A1 [60,70]; after a 30 s step back: B0 [40,60], B1 [60,120].
    const c = buildCatalogue([file(0, 60), file(60, 70), file(40, 60), file(60, 120)], s(0), s(200));
    expect(c.runs.map((r) => r.files.map((f) => [(f.start - T0) / 1000, (f.end - T0) / 1000]))).toEqual([
      [[0, 60], [60, 70]],
      [[40, 60], [60, 120]],
    ]);
  });

  it("joins files of one recorder run that overlap by less than 1 s (the run's anchor moved under load), as the merge does; another run's overlap stays a pass of its own", () => {
    const ofRun = (f: FootageFile, run: string): FootageFile => ({ ...f, run });
    const segments = [ofRun(file(0, 30, undefined, 'segment'), 'r1'), ofRun({ ...file(29.7, 60, undefined, 'recording'), path: '/rec/staging/1' }, 'r1')];
    expect(buildCatalogue(segments, s(0), s(100)).runs).toHaveLength(1);
    const otherRun = [ofRun(file(0, 30, undefined, 'segment'), 'r1'), ofRun(file(29.7, 60, undefined, 'segment'), 'r2')];
    expect(buildCatalogue(otherRun, s(0), s(100)).runs).toHaveLength(2);
  });

  it('has no runs for a range without footage, and names the nearest run', () => {
    const files = [file(0, 60), file(600, 660)];
    expect(buildCatalogue(files, s(100), s(200)).runs).toEqual([]);
    const all = buildCatalogue(files, s(-1e6), s(1e6)).runs;
    expect(nearestRun(all, s(400))?.start).toBe(s(600));
    expect(nearestRun(all, s(200))?.start).toBe(s(0));
  });
  describe('footage still being recorded', () => {
    const inRun = (f: FootageFile, run: string | undefined): FootageFile => (run === undefined ? { ...f, exact: false } : { ...f, run });

    it('continues the run of the segments before it, up to its last complete fragment', () => {
      const c = buildCatalogue([inRun(file(0, 30, undefined, 'segment'), 'r.0'), inRun(file(30, 41.5, undefined, 'recording'), 'r.0')], s(0), s(60));
      expect(c.runs.map((r) => [r.start, r.end, r.files.map((f) => f.kind)])).toEqual([[s(0), s(41.5), ['segment', 'recording']]]);
      expect(c.covered).toBe(41_500);
    });

    it('is counted once when it was read both in staging and, admitted meanwhile, in segments/ (with its times, or by its name alone)', () => {
      const live = inRun(file(30, 41.5, undefined, 'recording'), 'r.0');
      const before = inRun(file(0, 30, undefined, 'segment'), 'r.0');
      const admitted = inRun(file(30, 60, undefined, 'segment'), 'r.0');
      const byName = inRun(file(30, 60, undefined, 'segment'), undefined);
      for (const segment of [admitted, byName]) {
        const c = buildCatalogue([before, live, segment], s(0), s(100));
        expect(c.runs.map((r) => r.files.map((f) => f.kind))).toEqual([['segment', 'segment']]);
        expect(c.covered).toBe(60_000);
        expect(c.bytes).toBe(6000);
      }
    });

    it('is kept beside a segment of another run that overlaps it (the other pass of a clock stepped back)', () => {
      const c = buildCatalogue([inRun(file(30, 60, undefined, 'segment'), 'r.0'), inRun(file(30, 41.5, undefined, 'recording'), 'r.1')], s(0), s(100));
      expect(c.runs.map((r) => r.files.map((f) => f.kind)).sort()).toEqual([['recording'], ['segment']]);
    });
  });
});
