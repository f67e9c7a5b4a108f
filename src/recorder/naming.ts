// The naming rule of recordings: YYYYMMDD_HHMMSS[_N].mp4 for segments, YYYYMMDD_HHMM[…].mp4 for
// merged minutes. The time is local wall-clock time at the start; "_N" (N ≥ 1) keeps a second
// file that would have taken an existing name, so that no file is ever overwritten.

const SEGMENT_NAME = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_(\d+))?\.mp4$/;

export interface SegmentName {
  name: string;
  start: Date; // local time from the name
  stem: string; // "YYYYMMDD_HHMMSS"
  suffix: number; // 0 without "_N"
}

// Parses a segment file name; undefined when it does not follow the rule.
export function parseSegmentName(name: string): SegmentName | undefined {
  const m = SEGMENT_NAME.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const start = new Date(y, mo - 1, d, h, mi, s);
  if (start.getMonth() !== mo - 1 || start.getDate() !== d || start.getHours() !== h) return undefined;
  return { name, start, stem: name.slice(0, 15), suffix: m[7] ? Number(m[7]) : 0 };
}

const MERGED_NAME = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(?:_(\d+))?\.mp4$/;

// Parses a merged file name (YYYYMMDD_HHMM[_N].mp4); `start` is the start of its minute.
export function parseMergedName(name: string): SegmentName | undefined {
  const m = MERGED_NAME.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const start = new Date(y, mo - 1, d, h, mi, 0);
  if (start.getMonth() !== mo - 1 || start.getDate() !== d || start.getHours() !== h || start.getMinutes() !== mi) return undefined;
  return { name, start, stem: name.slice(0, 13), suffix: m[6] ? Number(m[6]) : 0 };
}

// "YYYYMMDD_HHMM": the minute a segment belongs to (from its name).
export function minuteOf(segment: SegmentName): string {
  return segment.stem.slice(0, 13);
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
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`;
}
