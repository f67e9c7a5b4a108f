import { describe, expect, it } from 'vitest';
import { planMerge, type MergedItem, type PlanInput, type SegmentItem } from '../../../src/merge/plan.js';
import { minuteOf, segmentFileName } from '../../../src/recorder/naming.js';
import { inTimeZone } from '../../support/time-zone.js';

const NOW = new Date(2026, 10, 24, 12, 0, 0);

// A good 2-second segment named at 11:MM:SS (local), of format `format`.
function seg(minute: number, second: number, extra: Partial<SegmentItem> & { duration?: number; format?: string } = {}): SegmentItem {
  const start = new Date(2026, 10, 24, 11, minute, second);
  const p = (n: number) => String(n).padStart(2, '0');
  const name = `20261124_11${p(minute)}${p(second)}.mp4`;
  const { duration = 2, format = 'h264-a', ...rest } = extra;
  return { name, minute: `20261124_11${p(minute)}`, start, size: 1000 + second, media: { ok: true, formatKey: format, duration }, ...rest };
}

// Every 2 s from `from` to `to` seconds of a minute.
function run(minute: number, from: number, to: number, extra: Parameters<typeof seg>[2] = {}): SegmentItem[] {
  const list = [];
  for (let s = from; s < to; s += 2) list.push(seg(minute, s, extra));
  return list;
}

function merged(name: string, start: Date, duration: number, sources: string[], format = 'h264-a', joinable = true): MergedItem {
  return { name, minute: name.slice(0, 13), start, duration, size: 5000, formatKey: format, sources, joinable };
}

const plan = (input: Partial<PlanInput>) => planMerge({ segments: [], merged: [], now: NOW, mergeDelay: 120, ...input });
const outputs = (p: ReturnType<typeof plan>) => p.joins.map((j) => `${j.output} ${j.inputs.length}`);

describe('planMerge', () => {
  it('joins each whole minute into YYYYMMDD_HHMM.mp4 with the sum of its durations', () => {
    const p = plan({ segments: [...run(10, 0, 60), ...run(11, 1, 60)] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 30', '20261124_1111.mp4 30']);
    expect(p.joins[0]!.duration).toBe(60);
    expect(p.joins[1]!.start).toEqual(new Date(2026, 10, 24, 11, 11, 1));
  });

  it('waits until the whole minute is older than merge_delay', () => {
    const p = plan({ segments: [...run(57, 0, 60), ...run(58, 0, 60)] }); // 11:58 ends 11:59, 60 s before noon
    expect(outputs(p)).toEqual(['20261124_1157.mp4 30']);
    expect(plan({ segments: run(58, 0, 60), mergeDelay: 60 }).joins).toHaveLength(1);
  });

  it('counts the segments left waiting for merge_delay, and says when the oldest minute is due', () => {
    const p = plan({ segments: [...run(57, 0, 60), ...run(58, 30, 60), ...run(59, 0, 10).map((s) => ({ ...s, media: undefined }))] });
    expect(outputs(p)).toEqual(['20261124_1157.mp4 30']);
    expect(p.waiting).toEqual({ segments: 20, oldestDue: new Date(2026, 10, 24, 12, 1, 0), mergeDelay: 120 });
    expect(plan({ segments: run(57, 0, 60) }).waiting).toBeUndefined();
  });

  it('does not split at gaps of a second or less, which rounding of names explains', () => {
    const segments = [seg(10, 0), seg(10, 3), seg(10, 5, { duration: 2 }), seg(10, 8)];
    expect(outputs(plan({ segments }))).toEqual(['20261124_1110.mp4 4']);
  });

  it('splits a minute at a longer gap into HHMM.mp4 and HHMM_1.mp4, keeping the gap visible', () => {
    const p = plan({ segments: [...run(10, 0, 20), ...run(10, 30, 60)] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 10', '20261124_1110_1.mp4 15']);
    expect(p.joins[1]!.start).toEqual(new Date(2026, 10, 24, 11, 10, 30));
  });

  it('never joins across a change of codec parameters', () => {
    const p = plan({ segments: [...run(10, 0, 30), ...run(10, 30, 60, { format: 'h264-1080' })] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 15', '20261124_1110_1.mp4 15']);
  });

  it('quarantines bad segments and merges the rest of their minute', () => {
    const segments = run(10, 0, 60);
    segments[5] = { ...segments[5]!, media: { ok: false, reason: 'box "mdat" runs past the end' } };
    const p = plan({ segments });
    expect(p.quarantine).toEqual([{ name: '20261124_111010.mp4', reason: 'box "mdat" runs past the end' }]);
    expect(outputs(p)).toEqual(['20261124_1110.mp4 5', '20261124_1110_1.mp4 24']);
  });

  it('leaves segments that were not inspected (not due) untouched', () => {
    const p = plan({ segments: run(10, 0, 10).map((s) => ({ ...s, media: undefined })) });
    expect(p).toEqual({ quarantine: [], joins: [], deleteSegments: [], deleteMerged: [] });
  });

  it('joins late segments with the merged file they continue, replacing it under its name', () => {
    const early = run(10, 0, 50);
    const file = merged('20261124_1110.mp4', early[0]!.start, 50, early.map((s) => `${s.name}:${s.size}`));
    const p = plan({ segments: run(10, 50, 60), merged: [file] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 6']);
    expect(p.joins[0]!.inputs[0]).toMatchObject({ kind: 'merged', item: { name: '20261124_1110.mp4' } });
    expect(p.joins[0]!.duration).toBe(60);
  });

  it('puts late footage separated by a gap in a new file beside the merged one', () => {
    const file = merged('20261124_1110.mp4', new Date(2026, 10, 24, 11, 10, 0), 20, []);
    expect(outputs(plan({ segments: run(10, 40, 60), merged: [file] }))).toEqual(['20261124_1110_1.mp4 10']);
  });

  it('keeps a merged file it may not rewrite (the original tool\'s, or unreadable) and writes the minute\'s new segments beside it', () => {
    const theirs = merged('20261124_1110.mp4', new Date(2026, 10, 24, 11, 10), 58, [], 'h264-a', false);
    const unreadable = merged('20261124_1110_1.mp4', new Date(2026, 10, 24, 11, 10), 0, [], '', false);
    const p = plan({ segments: run(10, 0, 60), merged: [theirs, unreadable] });
    expect(outputs(p)).toEqual(['20261124_1110_2.mp4 30']);
    expect(p.joins[0]!.inputs.every((i) => i.kind === 'segment')).toBe(true);
    expect(p.deleteMerged).toEqual([]);
  });

  it('deletes segments already inside a merged file (a run killed after its rename) instead of joining them again', () => {
    const segments = run(10, 0, 60);
    const file = merged('20261124_1110.mp4', segments[0]!.start, 60, segments.map((s) => `${s.name}:${s.size}`));
    const p = plan({ segments, merged: [file] });
    expect(p.joins).toEqual([]);
    expect(p.deleteSegments).toHaveLength(30);
    expect(p.deleteSegments[0]!.reason).toBe('already in merged/20261124_1110.mp4');
  });

  it('a segment with the same name but another size is not taken as merged', () => {
    const [a] = run(10, 0, 2);
    const file = merged('20261124_1110.mp4', a!.start, 2, [`${a!.name}:1`]);
    expect(plan({ segments: [a!], merged: [file] }).deleteSegments).toEqual([]);
  });

  it('deletes a merged file whose segments are all inside another merged file', () => {
    const segments = run(10, 0, 60);
    const keys = segments.map((s) => `${s.name}:${s.size}`);
    const whole = merged('20261124_1110.mp4', segments[0]!.start, 60, keys);
    const part = merged('20261124_1110_1.mp4', segments[20]!.start, 20, keys.slice(20));
    const p = plan({ merged: [whole, part] });
    expect(p.deleteMerged).toEqual([{ name: '20261124_1110_1.mp4', reason: 'all its footage is in merged/20261124_1110.mp4' }]);
  });

  it('has nothing to do for merged files alone', () => {
    const file = merged('20261124_1110.mp4', new Date(2026, 10, 24, 11, 10), 60, ['x:1']);
    expect(plan({ merged: [file] })).toEqual({ quarantine: [], joins: [], deleteSegments: [], deleteMerged: [] });
  });
});

describe('planMerge across runs and steps of the clock', () => {
  const runsOf = (p: ReturnType<typeof plan>) => p.joins.map((j) => [...new Set(j.inputs.map((i) => (i.kind === 'segment' ? i.item.run : 'merged')))]);

  it('makes two files of two runs whose times overlap (the clock stepped back 30 s), each wholly one run', () => {
    // Run a.0 was named by a clock 30 s ahead, up to 11:10:42; after the step, run a.1 goes on from
    // 11:10:12 by the true clock: the two cover 11:10:12–11:10:42 both.
    const before = run(10, 0, 42, { run: 'a.0' });
    const after = run(10, 12, 60, { run: 'a.1' }).map((s) => ({ ...s, name: s.name.replace('.mp4', '_1.mp4') }));
    const p = plan({ segments: [...before, ...after] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 21', '20261124_1110_1.mp4 24']);
    expect(runsOf(p)).toEqual([['a.0'], ['a.1']]);
    for (const join of p.joins) {
      const starts = join.inputs.map((i) => i.item.start.getTime());
      expect(starts).toEqual([...starts].sort((x, y) => x - y));
    }
  });

  it('joins segments of one run that abut to the millisecond into one file', () => {
    const base = new Date(2026, 10, 24, 11, 10, 0, 250).getTime();
    const segments = [0, 1999, 4001, 6000, 7999].map((ms, i, all) =>
      ({ ...seg(10, 2 * i, { run: 'b.0', duration: ((all[i + 1] ?? 10_000) - ms) / 1000 }), start: new Date(base + ms) }));
    const p = plan({ segments });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 5']);
    expect(p.joins[0]!.duration).toBeCloseTo(10, 9);
  });

  it('splits at a change of run even with no gap between them', () => {
    const p = plan({ segments: [...run(10, 0, 30, { run: 'c.0' }), ...run(10, 30, 60, { run: 'c.1' })] });
    expect(outputs(p)).toEqual(['20261124_1110.mp4 15', '20261124_1110_1.mp4 15']);
    expect(runsOf(p)).toEqual([['c.0'], ['c.1']]);
  });
});

describe('planMerge in the repeated hour of a fall-back (America/New_York)', () => {
  inTimeZone('America/New_York');

  // A 2-second segment whose first frame is at `iso` (UTC), named and filed as the recorder does.
  function at(iso: string, run: string, media: SegmentItem['media'] = { ok: true, formatKey: 'h264-a', duration: 2 }): SegmentItem {
    const start = new Date(iso);
    return { name: segmentFileName(start.getTime()), minute: minuteOf({ start }), start, run, size: 1000, media };
  }
  const minuteOfSegments = (from: string, run: string, media?: SegmentItem['media']) =>
    Array.from({ length: 30 }, (_, i) => at(new Date(Date.parse(from) + 2000 * i).toISOString(), run, media));

  it('files the two passes of 01:30 under distinct minutes, each its own file', () => {
    const first = minuteOfSegments('2026-11-01T05:30:00Z', 'd.0'); // 01:30 EDT
    const second = minuteOfSegments('2026-11-01T06:30:00Z', 'd.0'); // 01:30 EST, an hour later
    expect(first[0]!.name).toBe('20261101_013000-0400.mp4');
    expect(second[0]!.name).toBe('20261101_013000-0500.mp4');
    const p = planMerge({ segments: [...second, ...first], merged: [], now: new Date('2026-11-01T12:00:00Z'), mergeDelay: 120 });
    expect(p.joins.map((j) => `${j.minute} ${j.output} ${j.inputs.length}`).sort()).toEqual([
      '20261101_0130-0400 20261101_0130-0400.mp4 30',
      '20261101_0130-0500 20261101_0130-0500.mp4 30',
    ]);
  });

  it('merges the first pass once it is due while the second still waits', () => {
    const first = minuteOfSegments('2026-11-01T05:30:00Z', 'd.0');
    const second = minuteOfSegments('2026-11-01T06:30:00Z', 'd.0');
    const p = planMerge({ segments: [...first, ...second], merged: [], now: new Date('2026-11-01T05:35:00Z'), mergeDelay: 120 });
    expect(p.joins.map((j) => j.output)).toEqual(['20261101_0130-0400.mp4']);
  });

  it('says when the oldest waiting minute is due by its instant, not by the text of its name', () => {
    // 01:45 EDT comes before 01:30 EST, though "…0130-0500" sorts before "…0145-0400".
    const waiting = [...minuteOfSegments('2026-11-01T06:30:00Z', 'e.0', undefined), ...minuteOfSegments('2026-11-01T05:45:00Z', 'e.0', undefined)];
    const p = planMerge({ segments: waiting, merged: [], now: new Date('2026-11-01T05:46:30Z'), mergeDelay: 120 });
    expect(p.waiting).toEqual({ segments: 60, oldestDue: new Date('2026-11-01T05:48:00Z'), mergeDelay: 120 });
  });
});
