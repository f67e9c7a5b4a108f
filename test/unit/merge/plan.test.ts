import { describe, expect, it } from 'vitest';
import { planMerge, type MergedItem, type PlanInput, type SegmentItem } from '../../../src/merge/plan.js';

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
