import { describe, expect, it } from 'vitest';
import { freeName, minuteOf, parseMergedName, parseSegmentName } from '../../../src/recorder/naming.js';

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
