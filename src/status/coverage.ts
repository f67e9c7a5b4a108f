// Pure: how much of a time span is on disk, from file NAMES only (no file is opened). A segment
// lasts segment_duration or until the next one starts; a merged minute file lasts until the end of
// its minute or the next file (a gap inside a merged minute is not seen at this precision).
//
// A gap is a stretch without footage between two pieces of footage, longer than the merge's rule
// (GAP_SECONDS: the merge starts a new file there). Before the first footage of the span and
// after the last there is no footage, which is not a gap. A segment known by its name only may
// run on past segment_duration to the camera's next keyframe, so after one a gap must be longer
// by that much (its `slack`) to count.
import { GAP_SECONDS } from '../merge/plan.js';
import { parseMergedName, parseSegmentName } from '../recorder/naming.js';

export interface Interval {
  start: number; // ms
  end: number;
  slack?: number; // ms the footage may really run on past `end`
}

const GAP_MS = GAP_SECONDS * 1000;

export type FileKind = 'segment' | 'merged';

// The intervals of sorted names of one kind (unparseable names are skipped).
export function intervalsOf(names: readonly string[], kind: FileKind, segmentSeconds: number): Interval[] {
  const parse = kind === 'segment' ? parseSegmentName : parseMergedName;
  const starts = names.map((n) => parse(n)?.start.getTime()).filter((t): t is number => t !== undefined);
  starts.sort((a, b) => a - b);
  const length = (kind === 'segment' ? segmentSeconds : 60) * 1000;
  return starts.map((start, i) => {
    let j = i + 1;
    while (j < starts.length && starts[j]! <= start) j++;
    const next = starts[j];
    const end = kind === 'segment' ? start + length : minuteEnd(start);
    return { start, end: next === undefined ? end : Math.min(end, next), ...(kind === 'segment' ? { slack: length } : {}) };
  });
}

export interface Coverage {
  share: number; // 0–1 of [from, to] covered
  gaps: number; // stretches without footage between two pieces of footage in [from, to] (see above)
}

// Share of [from, to] covered by the intervals, and the number of gaps in it.
export function coverageOf(intervals: readonly Interval[], from: number, to: number): Coverage {
  if (to <= from) return { share: 1, gaps: 0 };
  const sorted = intervals.filter((i) => i.end > from && i.start < to).sort((a, b) => a.start - b.start);
  let covered = 0;
  let gaps = 0;
  let cursor: { end: number; slack: number } | undefined; // where footage so far ends
  for (const { start, end, slack = 0 } of sorted) {
    const s = Math.max(start, from, cursor?.end ?? from);
    const e = Math.min(end, to);
    if (cursor && start - cursor.end > GAP_MS + cursor.slack) gaps++;
    if (e > s) covered += e - s;
    if (!cursor || end > cursor.end) cursor = { end, slack };
  }
  return { share: Math.min(1, covered / (to - from)), gaps };
}

// Local midnight of the day holding `now`.
export function startOfDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

function minuteEnd(start: number): number {
  return start - (start % 60_000) + 60_000;
}
