// The one place where instants (UTC ms) meet local wall-clock time: the stamps in file names and
// what is printed. Local means the process's time zone (TZ, else /etc/localtime).
//
// In the repeated hour of a DST fall-back (01:00–01:59 twice in New York, 02:00–02:59 twice in
// Berlin) a local time names two instants: there, and only there, a stamp carries its UTC offset
// ("20261101_013008-0400" is the first pass, "20261101_013008-0500" the second), so every stamp
// names exactly one instant. In a spring-forward gap no instant has a local time, so none is named.

export type Precision = 'second' | 'minute';

const HOUR_MS = 3_600_000;
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
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (m[7] !== undefined) {
    const offset = parseOffset(m[7]);
    const instant = Date.UTC(y, mo - 1, d, h, mi, s) - offset * 60_000;
    const back = new Date(instant + offset * 60_000);
    if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s) return undefined;
    return offsetMinutes(instant) === offset ? instant : undefined;
  }
  const local = new Date(y, mo - 1, d, h, mi, s);
  if (local.getMonth() !== mo - 1 || local.getDate() !== d || local.getHours() !== h || local.getMinutes() !== mi) return undefined;
  return local.getTime();
}

// Minutes east of UTC in force at an instant (New York in winter: -300).
export function offsetMinutes(instant: number): number {
  return -new Date(instant).getTimezoneOffset();
}

// Whether the local wall-clock time of `instant` also belongs to another instant (a fall-back).
export function isRepeatedLocalTime(instant: number): boolean {
  const own = offsetMinutes(instant);
  for (const probe of [instant - 12 * HOUR_MS, instant + 12 * HOUR_MS]) {
    const other = offsetMinutes(probe);
    if (other === own) continue;
    const twin = instant + (own - other) * 60_000; // the same wall time under the other offset
    if (offsetMinutes(twin) === other) return true;
  }
  return false;
}

// "+0100", "-0430".
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function parseOffset(text: string): number {
  const minutes = Number(text.slice(1, 3)) * 60 + Number(text.slice(3, 5));
  return text[0] === '-' ? -minutes : minutes;
}

// "2026-11-01 01:30:08.250 -0400": an instant as a person reads it, never ambiguous.
export function formatInstant(instant: number, withMs = false): string {
  const d = new Date(instant);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ms = withMs ? `.${p(d.getMilliseconds(), 3)}` : '';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${ms} ${formatOffset(offsetMinutes(instant))}`;
}
