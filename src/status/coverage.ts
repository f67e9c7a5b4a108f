// Pure: how much of a time span is on disk, from file NAMES only (no file is opened). A segment
// lasts segment_duration or until the next one starts; a merged minute file lasts until the end of
// its minute or the next file (a gap inside a merged minute is not seen at this precision).
import { parseMergedName, parseSegmentName } from '../recorder/naming.js';

export interface Interval {
  start: number; // ms
  end: number;
}

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
    return { start, end: next === undefined ? end : Math.min(end, next) };
  });
}

export interface Coverage {
  share: number; // 0–1 of [from, to] covered
  gaps: number; // uncovered stretches longer than the tolerance
}

// Share of [from, to] covered by the intervals, and the number of gaps longer than toleranceMs
// (a trailing gap counts only beyond trailingMs: the segment being written is not on disk yet).
export function coverageOf(intervals: readonly Interval[], from: number, to: number, toleranceMs: number, trailingMs = toleranceMs): Coverage {
  if (to <= from) return { share: 1, gaps: 0 };
  const sorted = intervals.filter((i) => i.end > from && i.start < to).sort((a, b) => a.start - b.start);
  let covered = 0;
  let gaps = 0;
  let cursor = from;
  for (const { start, end } of sorted) {
    if (start - cursor > toleranceMs) gaps++;
    const s = Math.max(start, cursor);
    const e = Math.min(end, to);
    if (e > s) covered += e - s;
    cursor = Math.max(cursor, e);
  }
  if (to - cursor > trailingMs) gaps++;
  return { share: Math.min(1, covered / (to - from)), gaps };
}

// Local midnight of the day holding `now`.
export function startOfDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

function minuteEnd(start: number): number {
  return start - (start % 60_000) + 60_000;
}
