// The naming rule of recordings: YYYYMMDD_HHMMSS[±HHMM][_N].mp4 for segments and
// YYYYMMDD_HHMM[±HHMM][_N].mp4 for merged minutes. The stamp is the local time of the first frame
// (src/time/local-time.ts; "±HHMM" only in the repeated hour of a DST fall-back); "_N" (N ≥ 1)
// keeps a second file that would have taken an existing name, so that no file is ever overwritten.
// Every reader orders files by the instant of their name (`start`), never by the name's text.
import { localStamp, parseLocalStamp } from '../time/local-time.js';

// The patterns alone (a name that fits may still name no instant: parse it to know).
export const SEGMENT_NAME = /^(\d{8}_\d{6}(?:[+-]\d{4})?)(?:_(\d+))?\.mp4$/;
export const MERGED_NAME = /^(\d{8}_\d{4}(?:[+-]\d{4})?)(?:_(\d+))?\.mp4$/;

export interface SegmentName {
  name: string;
  start: Date; // the instant the name stands for (a merged file: the start of its minute)
  stem: string; // "YYYYMMDD_HHMMSS[±HHMM]" or "YYYYMMDD_HHMM[±HHMM]"
  suffix: number; // 0 without "_N"
}

// Parses a segment file name; undefined when it does not follow the rule.
export function parseSegmentName(name: string): SegmentName | undefined {
  return parseWith(SEGMENT_NAME, name);
}

// Parses a merged file name (YYYYMMDD_HHMM[±HHMM][_N].mp4); `start` is the start of its minute.
export function parseMergedName(name: string): SegmentName | undefined {
  return parseWith(MERGED_NAME, name);
}

function parseWith(pattern: RegExp, name: string): SegmentName | undefined {
  const m = pattern.exec(name);
  if (!m) return undefined;
  const instant = parseLocalStamp(m[1]!);
  if (instant === undefined) return undefined;
  return { name, start: new Date(instant), stem: m[1]!, suffix: m[2] ? Number(m[2]) : 0 };
}

// The name of a segment whose first frame is at `instant`.
export function segmentFileName(instant: number): string {
  return `${localStamp(instant, 'second')}.mp4`;
}

// "YYYYMMDD_HHMM[±HHMM]": the minute an instant belongs to, the stem of its merged file.
export function minuteStamp(instant: number): string {
  return localStamp(instant, 'minute');
}

// The minute a segment belongs to (from its instant).
export function minuteOf(segment: Pick<SegmentName, 'start'>): string {
  return minuteStamp(segment.start.getTime());
}

// The first name "stem.mp4", "stem_1.mp4", "stem_2.mp4", … that `taken` does not hold.
export function freeName(name: string, taken: (candidate: string) => boolean): string {
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  if (!taken(name)) return name;
  for (let n = 1; ; n++) {
    const candidate = `${base}_${n}${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

// "YYYYMMDD" of a local date: the prefix of that day's file names.
export function dayPrefix(date: Date): string {
  return localStamp(date.getTime(), 'minute').slice(0, 8);
}
