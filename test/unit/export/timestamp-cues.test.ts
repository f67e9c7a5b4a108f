import { describe, expect, it } from 'vitest';
import { timestampCues, timestampTrack } from '../../../src/export/timestamp-cues.js';
import { inTimeZone } from '../../support/time-zone.js';

const utc = (iso: string) => Date.parse(iso);

describe('timestampCues in Europe/Berlin', () => {
  inTimeZone('Europe/Berlin');

  it('gives one cue per second of true time, cut at whole seconds: a start mid-second gets the rest of its second, an end mid-second its part', () => {
    const cues = timestampCues(utc('2026-11-30T13:32:05.250Z'), utc('2026-11-30T13:32:07.600Z'));
    expect(cues).toEqual([
      { start: utc('2026-11-30T13:32:05.250Z'), end: utc('2026-11-30T13:32:06Z'), text: '2026-11-30 14:32:05 +01:00' },
      { start: utc('2026-11-30T13:32:06Z'), end: utc('2026-11-30T13:32:07Z'), text: '2026-11-30 14:32:06 +01:00' },
      { start: utc('2026-11-30T13:32:07Z'), end: utc('2026-11-30T13:32:07.600Z'), text: '2026-11-30 14:32:07 +01:00' },
    ]);
  });

  it('starts a whole second at a start on a whole second, and gives nothing for an empty range', () => {
    const cues = timestampCues(utc('2026-11-30T13:32:05Z'), utc('2026-11-30T13:32:07Z'));
    expect(cues.map((c) => [c.end - c.start, c.text])).toEqual([[1000, '2026-11-30 14:32:05 +01:00'], [1000, '2026-11-30 14:32:06 +01:00']]);
    expect(timestampCues(utc('2026-11-30T13:32:05Z'), utc('2026-11-30T13:32:05Z'))).toEqual([]);
  });

  it('goes over midnight and the new year, a second at a time', () => {
    const texts = timestampCues(utc('2026-12-31T22:59:59Z'), utc('2026-12-31T23:00:01Z')).map((c) => c.text);
    expect(texts).toEqual(['2026-12-31 23:59:59 +01:00', '2027-01-01 00:00:00 +01:00']);
  });

  it('changes the offset with the clocks at a spring-forward: 01:59:59 +01:00 is followed by 03:00:00 +02:00', () => {
    const texts = timestampCues(utc('2026-03-29T00:59:58Z'), utc('2026-03-29T01:00:02Z')).map((c) => c.text);
    expect(texts).toEqual(['2026-03-29 01:59:58 +01:00', '2026-03-29 01:59:59 +01:00', '2026-03-29 03:00:00 +02:00', '2026-03-29 03:00:01 +02:00']);
  });
});

describe('timestampCues in America/New_York', () => {
  inTimeZone('America/New_York');

  it('tells the two passes of a fall-back\'s repeated hour apart by the offset, second by second', () => {
    const texts = timestampCues(utc('2026-11-01T05:59:59Z'), utc('2026-11-01T06:00:02Z')).map((c) => c.text);
    expect(texts).toEqual(['2026-11-01 01:59:59 -04:00', '2026-11-01 01:00:00 -05:00', '2026-11-01 01:00:01 -05:00']);
  });
});

describe('timestampTrack', () => {
  inTimeZone('UTC');

  it('times its cues in whole ms from the file start, the first from 0, adding up to the file\'s length even from a start between two ms', () => {
    const start = utc('2026-11-30T13:32:05.250Z') + 0.4;
    const track = timestampTrack(start, start + 2500, 3);
    expect(track.trackId).toBe(3);
    expect(track.samples.map((s) => s.duration)).toEqual([750, 1000, 750]);
    expect(track.samples.map((s) => s.data!.toString('utf8', 2))).toEqual(['2026-11-30 13:32:05 +00:00', '2026-11-30 13:32:06 +00:00', '2026-11-30 13:32:07 +00:00']);
    expect(track.edits).toEqual([{ mediaTime: 0, duration: 2500 }]);
  });

  it('leaves out a cue that rounds to no time at all', () => {
    const start = utc('2026-11-30T13:32:05.999Z') + 0.6; // 0.0004 ms before a whole second
    expect(timestampTrack(start, start + 1000.4, 3).samples.map((s) => s.duration)).toEqual([1000]);
  });
});
