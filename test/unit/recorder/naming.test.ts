import { describe, expect, it } from 'vitest';
import { freeName, minuteOf, minuteStamp, parseMergedName, parseSegmentName, segmentFileName } from '../../../src/recorder/naming.js';
import { inTimeZone } from '../../support/time-zone.js';

describe('segment names', () => {
  it('parse into local start time and suffix', () => {
    expect(parseSegmentName('20261124_033644.mp4')).toMatchObject({ start: new Date(2026, 10, 24, 3, 36, 44), suffix: 0, stem: '20261124_033644' });
    expect(parseSegmentName('20261124_033644_2.mp4')).toMatchObject({ suffix: 2 });
  });

  it('reject names that do not follow the rule or are not real times', () => {
    for (const name of ['notes.txt', '20261124_0336.mp4', '20261324_033644.mp4', '20261124_033644.mp4.tmp', '20261124_253644.mp4']) {
      expect(parseSegmentName(name)).toBeUndefined();
    }
  });

  it('a taken name gets the first free _N suffix', () => {
    const taken = new Set(['a.mp4', 'a_1.mp4']);
    expect(freeName('a.mp4', (n) => taken.has(n))).toBe('a_2.mp4');
    expect(freeName('b.mp4', (n) => taken.has(n))).toBe('b.mp4');
  });
});

describe('merged file names', () => {
  it('parse YYYYMMDD_HHMM[_N].mp4 into the start of their minute, and are never taken for segments', () => {
    expect(parseMergedName('20261124_0336.mp4')).toMatchObject({ start: new Date(2026, 10, 24, 3, 36), stem: '20261124_0336', suffix: 0 });
    expect(parseMergedName('20261124_0336_2.mp4')).toMatchObject({ suffix: 2 });
    expect(parseSegmentName('20261124_0336_2.mp4')).toBeUndefined();
    for (const name of ['20261124_033644.mp4', '20261124_2460.mp4', 'notes.txt', '.20261124_0336.mp4.partial']) expect(parseMergedName(name)).toBeUndefined();
  });

  it('a segment belongs to the minute of its name', () => {
    expect(minuteOf(parseSegmentName('20261124_033659_1.mp4')!)).toBe('20261124_0336');
  });
});

describe('names in the repeated hour of a fall-back (America/New_York)', () => {
  inTimeZone('America/New_York');
  const firstPass = Date.parse('2026-11-01T05:30:08Z'); // 01:30:08 EDT
  const secondPass = Date.parse('2026-11-01T06:30:08Z'); // 01:30:08 EST

  it('a segment is named with the offset in force, so both passes get their own name', () => {
    expect(segmentFileName(firstPass)).toBe('20261101_013008-0400.mp4');
    expect(segmentFileName(secondPass)).toBe('20261101_013008-0500.mp4');
    expect(segmentFileName(Date.parse('2026-11-01T07:00:00Z'))).toBe('20261101_020000.mp4');
    expect(minuteStamp(secondPass)).toBe('20261101_0130-0500');
  });

  it('segment and merged names with the offset and "_N" parse into the instant they name', () => {
    expect(parseSegmentName('20261101_013008-0500_2.mp4')).toEqual({ name: '20261101_013008-0500_2.mp4', start: new Date(secondPass), stem: '20261101_013008-0500', suffix: 2 });
    expect(parseSegmentName('20261101_013008-0400.mp4')).toMatchObject({ start: new Date(firstPass), suffix: 0 });
    expect(parseMergedName('20261101_0130-0400_1.mp4')).toEqual({ name: '20261101_0130-0400_1.mp4', start: new Date('2026-11-01T05:30:00Z'), stem: '20261101_0130-0400', suffix: 1 });
    expect(parseMergedName('20261101_0130-0500.mp4')).toMatchObject({ start: new Date('2026-11-01T06:30:00Z') });
  });

  it('a segment belongs to the minute of its own pass', () => {
    expect(minuteOf(parseSegmentName('20261101_013059-0400_1.mp4')!)).toBe('20261101_0130-0400');
    expect(minuteOf(parseSegmentName('20261101_013059-0500.mp4')!)).toBe('20261101_0130-0500');
  });

  it('reject an offset that is not in force, a time inside a spring-forward gap, a month that does not exist, and an offset in the wrong place', () => {
    for (const name of ['20261101_013008+0100.mp4', '20260308_023000.mp4', '20261101_013008_1-0400.mp4', '20261101_013008-04.mp4', '20261301_013008-0500.mp4', '20261101_0130-0400.mp4']) {
      expect(parseSegmentName(name)).toBeUndefined();
    }
    expect(parseMergedName('20261101_013008-0400.mp4')).toBeUndefined();
  });

  it('a second file of one name in the fold keeps its offset and takes "_N" after it', () => {
    const taken = new Set(['20261101_013008-0500.mp4']);
    expect(freeName(segmentFileName(secondPass), (n) => taken.has(n))).toBe('20261101_013008-0500_1.mp4');
    expect(parseSegmentName('20261101_013008-0500_1.mp4')).toMatchObject({ start: new Date(secondPass), suffix: 1 });
  });
});
