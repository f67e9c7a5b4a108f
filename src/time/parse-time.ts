// Times given on the command line (--from, --to, …) as UTC instants. Local time is the process's
// zone unless the text carries an offset; a local time that happens twice (fall-back) or never
// (spring-forward) is refused with the instants or the jump named, never guessed.
import { CamsError, EXIT } from '../errors.js';
import {
  type LocalTime, formatInstant, gapAtLocalTime, instantAtLocalTime, instantAtOffset, isRealLocalTime, localTimeOf, twinInstant,
} from './local-time.js';

const MINUTE_MS = 60_000;
const UNITS_MS = [86_400_000, 3_600_000, MINUTE_MS, 1000]; // d, h, m, s: RELATIVE's groups
const RELATIVE = /^-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const OFFSET = String.raw`(?: ?(Z|[+-]\d{2}(?::?\d{2})?))?`;
const DATED = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ]${CLOCK}${OFFSET})?$`, 'i');
const DAY_CLOCK = new RegExp(String.raw`^(?:(today|yesterday) )?${CLOCK}${OFFSET}$`, 'i');
const FORMATS = 'use 2026-11-30 14:32[:SS], 14:32 (today), yesterday 14:32, -10m / -2h (ago), or ISO 8601 with an offset (2026-11-30T14:32:00+01:00)';

// Parses a time given on the command line into a UTC instant (ms); `now` is the current instant.
// "-1d" is 24 hours ago; "yesterday 12:00" is noon of the local calendar's yesterday (25 hours
// ago at noon on a fall-back day). A bare date is the start of that local day.
export function parseTimeExpression(text: string, now: number): number {
  const input = text.trim().replace(/\s+/g, ' ');
  const instant = input.toLowerCase() === 'now' ? now : readRelative(input, now) ?? readWallClock(input, now);
  if (instant === undefined || !Number.isFinite(new Date(instant).getTime())) throw timeError(`cannot read the time "${input}": ${FORMATS}`);
  return instant;
}

// A whole local day ("2026-11-30", "today", "yesterday") as [start, end): from its first instant
// to the next day's (23, 24 or 25 hours).
export function parseDay(text: string, now: number): { start: number; end: number } {
  const input = text.trim().toLowerCase();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  const date = m ? m.slice(1, 4).map(Number) : input === 'today' || input === 'yesterday' ? dayOf(input, now) : undefined;
  const start = date && dayStart(date);
  const next = date && new Date(Date.UTC(date[0]!, date[1]! - 1, date[2]! + 1));
  const end = next && dayStart([next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()]);
  if (start === undefined || end === undefined) throw timeError(`cannot read the day "${text.trim()}": use 2026-11-30, today or yesterday`);
  return { start, end };
}

function dayStart([year, month, day]: number[]): number | undefined {
  const time: LocalTime = { year: year!, month: month!, day: day!, hour: 0, minute: 0, second: 0, ms: 0 };
  return resolveLocal('', time, { dayStart: true });
}

function readRelative(input: string, now: number): number | undefined {
  const m = RELATIVE.exec(input);
  if (!m || m.slice(1).every((n) => n === undefined)) return undefined;
  return now - m.slice(1).reduce((sum, n, i) => sum + Number(n ?? 0) * UNITS_MS[i]!, 0);
}

function readWallClock(input: string, now: number): number | undefined {
  const dated = DATED.exec(input);
  const clocked = dated ? undefined : DAY_CLOCK.exec(input);
  if (!dated && !clocked) return undefined;
  const [date, clock] = dated ? [dated.slice(1, 4).map(Number), dated.slice(4)] : [dayOf(clocked![1], now), clocked!.slice(2)];
  const [hour, minute, second, fraction, offset] = clock;
  const time: LocalTime = {
    year: date[0]!, month: date[1]!, day: date[2]!,
    hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0),
    ms: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
  };
  if (offset !== undefined) {
    const minutes = readOffset(offset);
    return minutes === undefined ? undefined : instantAtOffset(time, minutes);
  }
  return resolveLocal(input, time, { dayStart: hour === undefined });
}

// [year, month, day] of today or yesterday on the local calendar of `now`.
function dayOf(word: string | undefined, now: number): number[] {
  const { year, month, day } = localTimeOf(now);
  const d = new Date(Date.UTC(year, month - 1, day - (word?.toLowerCase() === 'yesterday' ? 1 : 0)));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

// "Z", "+01", "+0100", "-05:00" → minutes east of UTC; undefined past 23:59.
function readOffset(text: string): number | undefined {
  if (text.toUpperCase() === 'Z') return 0;
  const [hours, minutes] = [Number(text.slice(1, 3)), Number(text.replace(':', '').slice(3, 5) || 0)];
  if (hours > 23 || minutes > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// The one instant of a local time, or an error naming both passes of a repeated time or the jump
// over a missing one. A day's start is its first instant: the first pass of a repeated midnight,
// or the jump over a missing one (Santiago, 6 September 2026: 01:00).
function resolveLocal(input: string, time: LocalTime, { dayStart }: { dayStart: boolean }): number | undefined {
  const first = instantAtLocalTime(time);
  if (first === undefined) {
    if (!isRealLocalTime(time)) return undefined;
    const gap = gapAtLocalTime(time);
    if (dayStart) return gap.instant;
    const [from, to] = [gap.before, gap.after].map((offset) => clockAt(gap.instant + offset * MINUTE_MS));
    throw timeError(`"${input}" does not exist in ${zoneName()} (the clocks went forward from ${from} to ${to})`);
  }
  const second = twinInstant(first);
  if (second === undefined || dayStart) return first;
  const [a, b] = [first, second].map((instant) => formatInstant(instant, (time.ms ?? 0) > 0));
  throw timeError(`"${input}" happens twice in ${zoneName()} (the clocks went back): say ${a} for the first, ${b} for the second`);
}

// "02:00" for the wall clock of an instant already shifted by its offset.
function clockAt(shifted: number): string {
  return new Date(shifted).toISOString().slice(11, 16);
}

function zoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function timeError(message: string): CamsError {
  return new CamsError(message, { code: 'E_TIME', exitCode: EXIT.USAGE });
}
