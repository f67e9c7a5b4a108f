import { describe, expect, it } from 'vitest';
import { formatInstant, formatTimestamp, isRepeatedLocalTime, localStamp, parseLocalStamp } from '../../../src/time/local-time.js';
import { inTimeZone } from '../../support/time-zone.js';

const utc = (iso: string) => Date.parse(iso);

// Each zone's fall-back and spring-forward in 2026, as instants (UTC) and the stamps they must get.
const zones = [
  {
    zone: 'America/New_York',
    // 01:00–01:59 happens twice on 1 November: first EDT (-0400), then EST (-0500).
    fallBack: [
      { instant: '2026-11-01T04:59:59Z', stamp: '20261101_005959' }, // just before the repeated hour
      { instant: '2026-11-01T05:00:00Z', stamp: '20261101_010000-0400' },
      { instant: '2026-11-01T05:30:08Z', stamp: '20261101_013008-0400' },
      { instant: '2026-11-01T05:59:59Z', stamp: '20261101_015959-0400' },
      { instant: '2026-11-01T06:00:00Z', stamp: '20261101_010000-0500' },
      { instant: '2026-11-01T06:30:08Z', stamp: '20261101_013008-0500' },
      { instant: '2026-11-01T06:59:59Z', stamp: '20261101_015959-0500' },
      { instant: '2026-11-01T07:00:00Z', stamp: '20261101_020000' }, // just after it
    ],
    firstPass: { legacy: '20261101_013008', instant: '2026-11-01T05:30:08Z' },
    // 02:00–02:59 does not exist on 8 March: 01:59:59 EST is followed by 03:00:00 EDT.
    springForward: [
      { instant: '2026-03-08T06:59:59Z', stamp: '20260308_015959' },
      { instant: '2026-03-08T07:00:00Z', stamp: '20260308_030000' },
    ],
    inGap: ['20260308_023000', '20260308_020000', '20260308_0230', '20260308_023000-0500', '20260308_023000-0400'],
    wrongOffset: ['20261101_013008+0100', '20261101_013008-0600', '20261124_120000-0400'],
  },
  {
    zone: 'Europe/Berlin',
    // 02:00–02:59 happens twice on 25 October: first CEST (+0200), then CET (+0100).
    fallBack: [
      { instant: '2026-10-24T23:59:59Z', stamp: '20261025_015959' },
      { instant: '2026-10-25T00:00:00Z', stamp: '20261025_020000+0200' },
      { instant: '2026-10-25T00:30:08Z', stamp: '20261025_023008+0200' },
      { instant: '2026-10-25T00:59:59Z', stamp: '20261025_025959+0200' },
      { instant: '2026-10-25T01:00:00Z', stamp: '20261025_020000+0100' },
      { instant: '2026-10-25T01:30:08Z', stamp: '20261025_023008+0100' },
      { instant: '2026-10-25T01:59:59Z', stamp: '20261025_025959+0100' },
      { instant: '2026-10-25T02:00:00Z', stamp: '20261025_030000' },
    ],
    firstPass: { legacy: '20261025_023008', instant: '2026-10-25T00:30:08Z' },
    // 02:00–02:59 does not exist on 29 March: 01:59:59 CET is followed by 03:00:00 CEST.
    springForward: [
      { instant: '2026-03-29T00:59:59Z', stamp: '20260329_015959' },
      { instant: '2026-03-29T01:00:00Z', stamp: '20260329_030000' },
    ],
    inGap: ['20260329_023000', '20260329_020000', '20260329_0230', '20260329_023000+0100', '20260329_023000+0200'],
    wrongOffset: ['20261025_023008-0400', '20261025_023008+0300', '20261124_120000+0200'],
  },
];

describe.each(zones)('local stamps in $zone', ({ fallBack, firstPass, springForward, inGap, wrongOffset }) => {
  inTimeZone(zones.find((z) => z.fallBack === fallBack)!.zone);

  it.each(fallBack)('in a fall-back, $instant is stamped $stamp and the stamp reads back as that instant', ({ instant, stamp }) => {
    expect(localStamp(utc(instant))).toBe(stamp);
    expect(parseLocalStamp(stamp)).toBe(utc(instant));
  });

  it('gives the two passes of the repeated hour distinct stamps, and only they carry an offset', () => {
    const stamps = fallBack.map((f) => localStamp(utc(f.instant)));
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(fallBack.map((f) => isRepeatedLocalTime(utc(f.instant)))).toEqual([false, true, true, true, true, true, true, false]);
  });

  it.each(springForward)('in a spring-forward, $instant is stamped $stamp with no offset', ({ instant, stamp }) => {
    expect(localStamp(utc(instant))).toBe(stamp);
    expect(parseLocalStamp(stamp)).toBe(utc(instant));
    expect(isRepeatedLocalTime(utc(instant))).toBe(false);
  });

  it.each(inGap)('a stamp inside the spring-forward gap (%s) names no instant', (stamp) => {
    expect(parseLocalStamp(stamp)).toBeUndefined();
  });

  it.each(wrongOffset)('a stamp whose offset is not in force at that local time (%s) names no instant', (stamp) => {
    expect(parseLocalStamp(stamp)).toBeUndefined();
  });

  it('reads a stamp without offset in the repeated hour (an older version\'s) as the first pass', () => {
    expect(parseLocalStamp(firstPass.legacy)).toBe(utc(firstPass.instant));
  });

  it('stamps minutes with the offset in the repeated hour, and reads them back as the minute\'s start', () => {
    for (const { instant } of fallBack) {
      const minute = localStamp(utc(instant), 'minute');
      const second = localStamp(utc(instant));
      expect(minute).toBe(second.slice(0, 13) + second.slice(15));
      expect(parseLocalStamp(minute)).toBe(utc(instant) - (utc(instant) % 60_000));
    }
  });

  it('reads every second of the fall-back day back as the instant it was stamped from', () => {
    const from = utc(fallBack[0]!.instant) - 3_600_000;
    for (let t = from; t < from + 4 * 3_600_000; t += 7_000) expect(parseLocalStamp(localStamp(t))).toBe(t);
  });
});

describe('formatInstant', () => {
  describe('in America/New_York', () => {
    inTimeZone('America/New_York');

    it('prints local time with the offset in force, so both passes of the repeated hour read apart', () => {
      expect(formatInstant(utc('2026-11-01T05:30:08.250Z'), true)).toBe('2026-11-01 01:30:08.250 -0400');
      expect(formatInstant(utc('2026-11-01T06:30:08.250Z'), true)).toBe('2026-11-01 01:30:08.250 -0500');
      expect(formatInstant(utc('2026-11-01T06:30:08.250Z'))).toBe('2026-11-01 01:30:08 -0500');
    });
  });

  describe('in Europe/Berlin', () => {
    inTimeZone('Europe/Berlin');

    it('prints local time with the offset in force, east of UTC too', () => {
      expect(formatInstant(utc('2026-10-25T00:30:08.007Z'), true)).toBe('2026-10-25 02:30:08.007 +0200');
      expect(formatInstant(utc('2026-10-25T01:30:08Z'))).toBe('2026-10-25 02:30:08 +0100');
      expect(formatInstant(utc('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00 +0200');
    });
  });
});

describe('formatTimestamp', () => {
  describe('in Asia/Kolkata', () => {
    inTimeZone('Asia/Kolkata');

    it('prints the whole second with the offset as ISO 8601 writes it, half hours too', () => {
      expect(formatTimestamp(utc('2026-11-30T09:02:05.999Z'))).toBe('2026-11-30 14:32:05 +05:30');
    });
  });

  describe('in America/New_York', () => {
    inTimeZone('America/New_York');

    it('tells the two passes of the repeated hour apart by their offsets', () => {
      expect(formatTimestamp(utc('2026-11-01T05:30:08.250Z'))).toBe('2026-11-01 01:30:08 -04:00');
      expect(formatTimestamp(utc('2026-11-01T06:30:08.250Z'))).toBe('2026-11-01 01:30:08 -05:00');
    });
  });
});

describe('local stamps in UTC', () => {
  inTimeZone('UTC');

  it('never carry an offset, on either zone\'s change days', () => {
    for (const day of ['2026-11-01', '2026-10-25', '2026-03-08', '2026-03-29']) {
      for (let t = utc(`${day}T00:00:00Z`); t < utc(`${day}T00:00:00Z`) + 86_400_000; t += 60_000) {
        const stamp = localStamp(t);
        expect(stamp).toMatch(/^\d{8}_\d{6}$/);
        expect(parseLocalStamp(stamp)).toBe(t);
      }
    }
    expect(formatInstant(utc('2026-11-01T01:30:00Z'))).toBe('2026-11-01 01:30:00 +0000');
  });
});
describe('stamps that are no real time', () => {
  inTimeZone('America/New_York');

  it.each(['20261301_013000-0500', '20260001_013000-0500', '20261301_013000', '20260231_120000', '20261124_240000-0500', '20261124_126000', '2026112_120000', '20261124_120000Z'])(
    '%s names no instant',
    (stamp) => expect(parseLocalStamp(stamp)).toBeUndefined(),
  );
});

describe('stamps of the first century', () => {
  inTimeZone('UTC');

  it('name their own year, not 1900 and more', () => {
    expect(new Date(parseLocalStamp('00500101_120000')!).toISOString()).toBe('0050-01-01T12:00:00.000Z');
    expect(new Date(parseLocalStamp('00500101_120000+0000')!).toISOString()).toBe('0050-01-01T12:00:00.000Z');
  });
});
