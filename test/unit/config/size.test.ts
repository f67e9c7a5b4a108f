import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_FREE, describeFreeSpace, freeSpaceNeeded, parseFreeSpace, parseSize } from '../../../src/config/size.js';

describe('config sizes', () => {
  it('read K, M, G and T as powers of 1024, and plain numbers as bytes', () => {
    expect(parseSize('500G')).toBe(500 * 1024 ** 3);
    expect(parseSize('1.5t')).toBe(1.5 * 1024 ** 4);
    expect(parseSize('800M')).toBe(800 * 1024 ** 2);
    expect(parseSize('2048')).toBe(2048);
    expect(parseSize(4096)).toBe(4096);
  });

  it('reject what is not a size', () => {
    for (const text of ['500GB', 'G', '-1G', '1,5G', '', 'ten']) expect(parseSize(text)).toBeUndefined();
  });

  it('take free space as a size or a percentage below 100', () => {
    expect(parseFreeSpace('10%')).toEqual({ bytes: 0, percent: 10 });
    expect(parseFreeSpace('50G')).toEqual({ bytes: 50 * 1024 ** 3, percent: 0 });
    expect(parseFreeSpace('0')).toEqual({ bytes: 0, percent: 0 });
    expect(parseFreeSpace('100%')).toBeUndefined();
    expect(parseFreeSpace('0%')).toBeUndefined();
  });

  it('keep by default the larger of 1 GiB and 5 % of the disk free', () => {
    const GiB = 1024 ** 3;
    expect(freeSpaceNeeded(DEFAULT_MIN_FREE, 16 * GiB)).toBe(GiB); // a 16 GB SD card: 1 GiB
    expect(freeSpaceNeeded(DEFAULT_MIN_FREE, 1000 * GiB)).toBe(50 * GiB); // a 1 TB disk: 5 %
    expect(freeSpaceNeeded({ bytes: 0, percent: 0 }, 1000 * GiB)).toBe(0);
    expect(describeFreeSpace(DEFAULT_MIN_FREE, (b) => `${b / GiB}G`)).toBe('1G or 5%, whichever is larger');
    expect(describeFreeSpace({ bytes: 0, percent: 0 }, String)).toBe('no limit');
  });
});
