import { describe, expect, it } from 'vitest';
import { CamsError, EXIT } from '../../../src/errors.js';
import { parseDay, parseTimeExpression } from '../../../src/time/parse-time.js';
import { inTimeZone, withTimeZone } from '../../support/time-zone.js';

const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

// The error a text gives, as { code, exitCode, message }; fails when it parses.
function errorOf(text: string, now: number): CamsError {
  try {
    parseTimeExpression(text, now);
  } catch (error) {
    if (error instanceof CamsError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

// Each zone with a `now` (Monday 30 November 2026, afternoon), the times it must read as which
// instant, and the local times that happen twice or never on its 2026 change days.
const zones = [
  {
    zone: 'America/New_York',
    now: utc('2026-11-30T19:00:00Z'), // 14:00 EST
    reads: [
      ['2026-11-30T14:32:10+01:00', '2026-11-30T13:32:10Z'],
      ['2026-11-30T14:32:10Z', '2026-11-30T14:32:10Z'],
      ['2026-11-30t14:32:10z', '2026-11-30T14:32:10Z'],
      ['2026-11-30T14:32+0100', '2026-11-30T13:32:00Z'],
      ['2026-11-30T14:32:10+01', '2026-11-30T13:32:10Z'],
      ['2026-11-30T14:32:10.25Z', '2026-11-30T14:32:10.250Z'],
      ['2026-11-30T14:32:10,123456-05:00', '2026-11-30T19:32:10.123Z'],
      ['2026-11-30T14:32', '2026-11-30T19:32:00Z'],
      ['2026-11-30 14:32', '2026-11-30T19:32:00Z'],
      ['2026-11-30 14:32:10', '2026-11-30T19:32:10Z'],
      ['  2026-11-30   14:32:10 ', '2026-11-30T19:32:10Z'],
      ['2026-07-04 12:00', '2026-07-04T16:00:00Z'], // summer: EDT
      ['2026-11-30', '2026-11-30T05:00:00Z'],
      ['2028-02-29', '2028-02-29T05:00:00Z'],
      ['14:32', '2026-11-30T19:32:00Z'],
      ['14:32:10', '2026-11-30T19:32:10Z'],
      ['9:05', '2026-11-30T14:05:00Z'],
      ['today 14:32', '2026-11-30T19:32:00Z'],
      ['yesterday 14:32', '2026-11-29T19:32:00Z'],
      ['Yesterday 14:32:10', '2026-11-29T19:32:10Z'],
      ['yesterday 14:32+01:00', '2026-11-29T13:32:00Z'],
      ['now', '2026-11-30T19:00:00Z'],
      ['-30s', '2026-11-30T18:59:30Z'],
      ['-10m', '2026-11-30T18:50:00Z'],
      ['-2h', '2026-11-30T17:00:00Z'],
      ['-1h30m', '2026-11-30T17:30:00Z'],
      ['-1d', '2026-11-29T19:00:00Z'],
      ['-1d2h3m4s', '2026-11-29T16:56:56Z'],
      // Either pass of the repeated hour, picked by its offset, with or without a space and colon.
      ['2026-11-01 01:30 -04:00', '2026-11-01T05:30:00Z'],
      ['2026-11-01 01:30-0500', '2026-11-01T06:30:00Z'],
      ['2026-11-01 01:30:00 -0500', '2026-11-01T06:30:00Z'],
      ['2026-11-01T01:30-05:00', '2026-11-01T06:30:00Z'],
      ['2026-11-01 00:59:59', '2026-11-01T04:59:59Z'], // just before the repeated hour
      ['2026-11-01 02:00', '2026-11-01T07:00:00Z'], // just after it
      ['2026-03-08 01:59:59', '2026-03-08T06:59:59Z'], // just before the gap
      ['2026-03-08 03:00', '2026-03-08T07:00:00Z'], // just after it
      ['2026-03-08 02:30-05:00', '2026-03-08T07:30:00Z'], // an offset names an instant, gap or not
    ],
    twice: ['2026-11-01 01:30', '2026-11-01 01:00', '2026-11-01T01:59:59', '2026-11-01 01:30:00.5'],
    never: ['2026-03-08 02:30', '2026-03-08 02:00', '2026-03-08T02:59:59'],
  },
  {
    zone: 'Europe/Berlin',
    now: utc('2026-11-30T19:00:00Z'), // 20:00 CET
    reads: [
      ['2026-11-30T14:32:10+01:00', '2026-11-30T13:32:10Z'],
      ['2026-11-30T14:32:10Z', '2026-11-30T14:32:10Z'],
      ['2026-11-30 14:32', '2026-11-30T13:32:00Z'],
      ['2026-07-04 12:00', '2026-07-04T10:00:00Z'], // summer: CEST
      ['2026-11-30', '2026-11-29T23:00:00Z'],
      ['14:32', '2026-11-30T13:32:00Z'],
      ['yesterday 14:32', '2026-11-29T13:32:00Z'],
      ['-1h30m', '2026-11-30T17:30:00Z'],
      ['2026-10-25 02:30+02:00', '2026-10-25T00:30:00Z'],
      ['2026-10-25 02:30 +0100', '2026-10-25T01:30:00Z'],
      ['2026-10-25 01:59:59', '2026-10-24T23:59:59Z'],
      ['2026-10-25 03:00', '2026-10-25T02:00:00Z'],
      ['2026-03-29 01:59:59', '2026-03-29T00:59:59Z'],
      ['2026-03-29 03:00', '2026-03-29T01:00:00Z'],
    ],
    twice: ['2026-10-25 02:30', '2026-10-25 02:00', '2026-10-25T02:59:59'],
    never: ['2026-03-29 02:30', '2026-03-29 02:00', '2026-03-29T02:59:59'],
  },
];

describe.each(zones)('times on the command line in $zone', ({ zone, now, reads, twice, never }) => {
  inTimeZone(zone);

  it.each(reads)('reads "%s" as %s', (text, instant) => {
    expect(parseTimeExpression(text!, now)).toBe(utc(instant!));
  });

  it.each(twice)('refuses "%s", which happens twice, naming both instants', (text) => {
    const error = errorOf(text, now);
    expect(error.message).toMatch(new RegExp(`^"${text}" happens twice in ${zone} \\(the clocks went back\\): say .+ for the first, .+ for the second$`));
    expect([error.code, error.exitCode]).toEqual(['E_TIME', EXIT.USAGE]);
    const [first, second] = /say (.+) for the first, (.+) for the second/.exec(error.message)!.slice(1) as [string, string];
    expect(parseTimeExpression(second, now) - parseTimeExpression(first, now)).toBe(HOUR); // each reads back
  });

  it.each(never)('refuses "%s", which never happens, naming the jump', (text) => {
    const error = errorOf(text, now);
    expect(error.message).toBe(`"${text}" does not exist in ${zone} (the clocks went forward from 02:00 to 03:00)`);
    expect([error.code, error.exitCode]).toEqual(['E_TIME', EXIT.USAGE]);
  });
});

describe('a repeated local time is refused with both passes, as times the parser reads', () => {
  describe('in America/New_York', () => {
    inTimeZone('America/New_York');

    it('names the EDT and the EST pass, with milliseconds when given', () => {
      expect(errorOf('2026-11-01 01:30', 0).message).toBe(
        '"2026-11-01 01:30" happens twice in America/New_York (the clocks went back): say 2026-11-01 01:30:00 -0400 for the first, 2026-11-01 01:30:00 -0500 for the second',
      );
      expect(errorOf('yesterday 01:30:00.250', utc('2026-11-02T17:00:00Z')).message).toBe(
        '"yesterday 01:30:00.250" happens twice in America/New_York (the clocks went back): say 2026-11-01 01:30:00.250 -0400 for the first, 2026-11-01 01:30:00.250 -0500 for the second',
      );
    });
  });

  describe('in Europe/Berlin', () => {
    inTimeZone('Europe/Berlin');

    it('names the CEST and the CET pass', () => {
      expect(errorOf('2026-10-25 02:30', 0).message).toBe(
        '"2026-10-25 02:30" happens twice in Europe/Berlin (the clocks went back): say 2026-10-25 02:30:00 +0200 for the first, 2026-10-25 02:30:00 +0100 for the second',
      );
    });
  });
});

// Calendar days are not 24 hours long, and today is the local date, not the UTC one.
const calendarDays = [
  { zone: 'America/New_York', now: '2026-11-01T17:00:00Z', text: 'yesterday 12:00', at: '2026-10-31T16:00:00Z', why: '25 h before noon of a fall-back day' },
  { zone: 'America/New_York', now: '2026-11-01T17:00:00Z', text: '-1d', at: '2026-10-31T17:00:00Z', why: '24 h before, then too: a duration' },
  { zone: 'America/New_York', now: '2026-03-08T16:00:00Z', text: 'yesterday 12:00', at: '2026-03-07T17:00:00Z', why: '23 h before noon of a spring-forward day' },
  { zone: 'Europe/Berlin', now: '2026-10-25T11:00:00Z', text: 'yesterday 12:00', at: '2026-10-24T10:00:00Z', why: '25 h before noon of a fall-back day' },
  { zone: 'Europe/Berlin', now: '2026-03-29T10:00:00Z', text: 'yesterday 12:00', at: '2026-03-28T11:00:00Z', why: '23 h before noon of a spring-forward day' },
  { zone: 'America/New_York', now: '2026-12-01T04:30:00Z', text: '14:32', at: '2026-11-30T19:32:00Z', why: 'on 30 November at 23:30' },
  { zone: 'America/New_York', now: '2026-12-01T04:30:00Z', text: 'yesterday 14:32', at: '2026-11-29T19:32:00Z', why: 'on 29 November, seen at 23:30 on the 30th' },
  { zone: 'Europe/Berlin', now: '2026-11-29T23:30:00Z', text: 'today 14:32', at: '2026-11-30T13:32:00Z', why: 'on 30 November at 00:30' },
  { zone: 'America/New_York', now: '2027-01-01T15:00:00Z', text: 'yesterday 08:00', at: '2026-12-31T13:00:00Z', why: 'on 31 December, seen on New Year\'s Day' },
];

describe('"yesterday" and "today" are days of the local calendar', () => {
  it.each(calendarDays)('in $zone, "$text" is $at: $why', ({ zone, now, text, at }) => {
    expect(withTimeZone(zone, () => parseTimeExpression(text, utc(now)))).toBe(utc(at));
  });
});

describe('a bare date is the start of that local day', () => {
  describe('in America/Santiago, whose midnight of 6 September 2026 never happens', () => {
    inTimeZone('America/Santiago');

    it('starts when the clocks jumped from 00:00 to 01:00', () => {
      expect(parseTimeExpression('2026-09-06', 0)).toBe(utc('2026-09-06T04:00:00Z'));
      expect(errorOf('2026-09-06 00:30', 0).message).toBe(
        '"2026-09-06 00:30" does not exist in America/Santiago (the clocks went forward from 00:00 to 01:00)',
      );
    });
  });

  describe('in America/Havana, whose midnight of 1 November 2026 happens twice', () => {
    inTimeZone('America/Havana');

    it('starts at the first midnight', () => {
      expect(parseTimeExpression('2026-11-01', 0)).toBe(utc('2026-11-01T04:00:00Z'));
      expect(errorOf('2026-11-01 00:00', 0).message).toMatch(/happens twice in America\/Havana/);
    });
  });
});

describe('times that cannot be read', () => {
  inTimeZone('Europe/Berlin');
  const now = utc('2026-11-30T19:00:00Z');

  it('quote the input and say which formats work', () => {
    expect(errorOf('14h32', now).message).toBe(
      'cannot read the time "14h32": use 2026-11-30 14:32[:SS], 14:32 (today), yesterday 14:32, -10m / -2h (ago), or ISO 8601 with an offset (2026-11-30T14:32:00+01:00)',
    );
  });

  it.each([
    '', ' ', '14h32', 'tomorrow 14:32', 'yesterday', 'today', 'noon', '1764529200', '2026/11/30 14:32', '30.11.2026 14:32',
    '2026-13-01', '2026-00-10', '2026-11-31', '2026-02-29', '2026-02-30', '2026-11-30 25:00', '24:00', '14:60', '14:32:61',
    '2026-11-30 14', '2026-11-30T', '2026-11-30 14:32 +25:00', '2026-11-30 14:32+01:60', '2026-11-30+01:00',
    '-', '-10', '-10x', '10m', '+10m', '-30m1h', '-1h 30m', '-99999999999999d', 'now-10m',
  ])('"%s" is refused with exit code 64', (text) => {
    const error = errorOf(text, now);
    expect(error.message).toMatch(/^cannot read the time ".*": use 2026-11-30 14:32\[:SS\]/);
    expect([error.code, error.exitCode, error.details]).toEqual(['E_TIME', EXIT.USAGE, []]);
  });
});

describe('parseDay', () => {
  inTimeZone('America/New_York');
  const now = Date.parse('2026-11-02T15:00:00Z'); // Monday 10:00 EST, the day after the fall-back
  it.each([
    ['2026-11-01', '2026-11-01T04:00:00.000Z', 25],
    ['yesterday', '2026-11-01T04:00:00.000Z', 25],
    ['today', '2026-11-02T05:00:00.000Z', 24],
    ['2026-03-08', '2026-03-08T05:00:00.000Z', 23],
  ])('"%s" is the local day from its first instant, %s, %i hours long', (text, start, hours) => {
    const day = parseDay(text, now);
    expect(new Date(day.start).toISOString()).toBe(start);
    expect((day.end - day.start) / 3_600_000).toBe(hours);
  });

  it.each(['2026-13-01', 'tomorrow', '30.11.2026'])('"%s" is no day: one line saying the forms, exit 64', (text) => {
    expect(() => parseDay(text, now)).toThrow(expect.objectContaining({ exitCode: 64, message: `cannot read the day "${text}": use 2026-11-30, today or yesterday` }));
  });
});
