// The one place where instants (UTC ms) meet local wall-clock time: the stamps in file names and
// what is printed and typed. Local means the process's time zone (TZ, else /etc/localtime).
//
// In the repeated hour of a DST fall-back (01:00–01:59 twice in New York, 02:00–02:59 twice in
// Berlin) a local time names two instants: there, and only there, a stamp carries its UTC offset
// ("20261101_013008-0400" is the first pass, "20261101_013008-0500" the second), so every stamp
// names exactly one instant. In a spring-forward gap no instant has a local time, so none is named.

export type Precision = 'second' | 'minute';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const STAMP = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})?([+-]\d{4})?$/;

// "YYYYMMDD_HHMMSS" (or "YYYYMMDD_HHMM"), plus "±HHMM" when that local time occurs twice.
export function localStamp(instant: number, precision: Precision = 'second'): string {
  const d = new Date(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}`;
  const stamp = precision === 'second' ? base + p(d.getSeconds()) : base;
  return isRepeatedLocalTime(instant) ? stamp + formatOffset(offsetMinutes(instant)) : stamp;
}

// The instant a stamp names; undefined when it is no stamp or names no instant (a time inside a
// spring-forward gap, a wrong offset). A stamp without offset in a repeated hour (written by an
// older version) is read as the first pass.
export function parseLocalStamp(stamp: string): number | undefined {
  const m = STAMP.exec(stamp);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const time = { year, month, day, hour, minute, second: m[6] === undefined ? 0 : Number(m[6]) };
  if (m[7] === undefined) return instantAtLocalTime(time);
  const offset = parseOffset(m[7]);
  const instant = instantAtOffset(time, offset);
  return instant !== undefined && offsetMinutes(instant) === offset ? instant : undefined;
}

// A wall-clock time as its fields (month 1–12), in no zone until it is resolved.
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms?: number;
}

// The instant whose local time is `time`: the first pass in a fall-back's repeated hour (its
// twin is twinInstant), undefined in a spring-forward gap (see gapAtLocalTime) or for no real time.
export function instantAtLocalTime(time: LocalTime): number | undefined {
  if (!isRealLocalTime(time)) return undefined;
  const { year, month, day, hour, minute, second, ms = 0 } = time;
  const d = new Date(Math.max(year, 100), month - 1, day, hour, minute, second, ms);
  if (year < 100) d.setFullYear(year, month - 1, day); // the constructor reads years 0–99 as 1900–1999
  // ECMA-262 LocalTime → UTC takes a repeated time's first pass and moves a time in a gap forward.
  return d.getDate() === day && d.getHours() === hour && d.getMinutes() === minute ? d.getTime() : undefined;
}

// The instant at which `time` is the local time under a UTC offset (minutes east), in force or not.
export function instantAtOffset(time: LocalTime, offset: number): number | undefined {
  return isRealLocalTime(time) ? wallClockMs(time) - offset * 60_000 : undefined;
}

// Whether the fields name a time on the calendar and the clock (no 30 February, no 24:00, no :60).
export function isRealLocalTime({ year, month, day, hour, minute, second, ms = 0 }: LocalTime): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return Number.isInteger(year + month + day + hour + minute + second + ms) && Math.min(year, day, hour, minute, second, ms) >= 0
    && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && ms <= 999;
}

// For a local time in a spring-forward gap: the instant the clocks jumped, and the offsets before
// and after it (New York, 8 March 2026: 07:00Z, -300, -240: 02:00 became 03:00).
export function gapAtLocalTime(time: LocalTime): { instant: number; before: number; after: number } {
  const wall = wallClockMs(time);
  const before = offsetMinutes(wall - DAY_MS);
  const after = offsetMinutes(wall + DAY_MS);
  // Read with the offset after the jump, `time` falls before it; with the one before, after it.
  let [lo, hi] = [wall - after * 60_000, wall - before * 60_000];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMinutes(mid) === after) hi = mid;
    else lo = mid;
  }
  return { instant: hi, before, after };
}

// The local wall-clock time of an instant.
export function localTimeOf(instant: number): LocalTime {
  const d = new Date(instant);
  return {
    year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(),
    hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), ms: d.getMilliseconds(),
  };
}

// Minutes east of UTC in force at an instant (New York in winter: -300).
export function offsetMinutes(instant: number): number {
  return -new Date(instant).getTimezoneOffset();
}

// Whether the local wall-clock time of `instant` also belongs to another instant (a fall-back).
export function isRepeatedLocalTime(instant: number): boolean {
  return twinInstant(instant) !== undefined;
}

// The other instant with the same local wall-clock time as `instant`, in a fall-back's repeated hour.
export function twinInstant(instant: number): number | undefined {
  const own = offsetMinutes(instant);
  for (const probe of [instant - 12 * HOUR_MS, instant + 12 * HOUR_MS]) {
    const other = offsetMinutes(probe);
    if (other === own) continue;
    const twin = instant + (own - other) * 60_000; // the same wall time under the other offset
    if (offsetMinutes(twin) === other) return twin;
  }
  return undefined;
}

// "+0100", "-0430"; with separator ':' as ISO 8601's extended format writes it ("+01:00").
export function formatOffset(minutes: number, separator = ''): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}

function parseOffset(text: string): number {
  const minutes = Number(text.slice(1, 3)) * 60 + Number(text.slice(3, 5));
  return text[0] === '-' ? -minutes : minutes;
}

// "2026-11-01 01:30:08.250 -0400": an instant as a person reads it, never ambiguous.
export function formatInstant(instant: number, withMs = false): string {
  return `${wallClockText(instant, withMs)} ${formatOffset(offsetMinutes(instant))}`;
}

// "2026-11-01 01:30:08 -04:00": the second an instant falls in, as the timestamps shown over
// exported footage say it (a fall-back's repeated hour told apart by its offset).
export function formatTimestamp(instant: number): string {
  return `${wallClockText(instant, false)} ${formatOffset(offsetMinutes(instant), ':')}`;
}

// "2026-11-01 01:30:08" (".250" with ms): the local date and time of an instant, without its offset.
function wallClockText(instant: number, withMs: boolean): string {
  const d = new Date(instant);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ms = withMs ? `.${p(d.getMilliseconds(), 3)}` : '';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${ms}`;
}

// The fields read as if they were UTC: the instant they name at offset 0.
function wallClockMs({ year, month, day, hour, minute, second, ms = 0 }: LocalTime): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(0); // Date.UTC reads years 0–99 as 1900–1999
  d.setUTCFullYear(year, month - 1, day);
  return d.setUTCHours(hour, minute, second, ms);
}
