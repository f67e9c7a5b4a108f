// Pure: the time files stand for by their NAMES only (no file is opened), for the newest footage
// `status` finds when today has none. A segment lasts segment_duration or until the next one
// starts; a merged minute file lasts until the end of its minute or the next file. A segment may
// run on past segment_duration to the camera's next keyframe (its `slack`).
import { parseMergedName, parseSegmentName } from '../recorder/naming.js';

export interface Interval {
  start: number; // ms
  end: number;
  slack?: number; // ms the footage may really run on past `end`
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
    return { start, end: next === undefined ? end : Math.min(end, next), ...(kind === 'segment' ? { slack: length } : {}) };
  });
}

// Local midnight of the day holding `now`.
export function startOfDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

function minuteEnd(start: number): number {
  return start - (start % 60_000) + 60_000;
}
