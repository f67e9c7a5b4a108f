import { describe, expect, it } from 'vitest';
import { freeName, parseSegmentName } from '../../../src/recorder/naming.js';

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
