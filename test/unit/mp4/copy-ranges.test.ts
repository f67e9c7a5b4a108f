import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coalesceRanges, copyRanges } from '../../../src/mp4/copy-ranges.js';
import { tempDir } from '../../support/cli.js';

describe('copying byte ranges', () => {
  it('a write that fails while the next batch is read is the error copyRanges rejects with (never an unhandled rejection)', async () => {
    const source = path.join(tempDir(), 'source.bin');
    writeFileSync(source, Buffer.alloc(20 * 1024 * 1024, 7)); // three batches of 8 MiB
    const ranges = [0, 1, 2].map((i) => ({ file: source, offset: i * 7 * 1024 * 1024, size: 7 * 1024 * 1024 }));
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const write = () => new Promise<void>((_, reject) => setTimeout(() => reject(full), 5));
    await expect(copyRanges(ranges, write, 0)).rejects.toBe(full);
  });

  it('writes bytes in memory between the ranges as they are, in order, across batches', async () => {
    const source = path.join(tempDir(), 'source.bin');
    const bytes = Buffer.from(Array.from({ length: 12 * 1024 * 1024 }, (_, i) => i % 251));
    writeFileSync(source, bytes);
    const pieces = [Buffer.from('head'), { file: source, offset: 10, size: 5 * 1024 * 1024 }, Buffer.from('moof'), { file: source, offset: 6 * 1024 * 1024, size: 5 * 1024 * 1024 }, Buffer.from('tail')];
    const out = Buffer.alloc(4 * 3 + 10 * 1024 * 1024);
    const write = async (views: Buffer[], position: number) => void Buffer.concat(views).copy(out, position);
    expect(await copyRanges(pieces, write, 0)).toBe(out.length);
    expect(out.equals(Buffer.concat([Buffer.from('head'), bytes.subarray(10, 10 + 5 * 1024 * 1024), Buffer.from('moof'), bytes.subarray(6 * 1024 * 1024, 11 * 1024 * 1024), Buffer.from('tail')]))).toBe(true);
  });

  it('joins ranges that follow each other in a file, never bytes held in memory, and writes those as they are', async () => {
    const source = path.join(tempDir(), 'source.bin');
    writeFileSync(source, Buffer.from('abcdefgh'));
    const memory = (text: string) => ({ file: '', offset: 0, size: text.length, data: Buffer.from(text) });
    const ranges = coalesceRanges([{ file: source, offset: 0, size: 2 }, { file: source, offset: 2, size: 2 }, memory('XY'), memory('Z'), { file: source, offset: 4, size: 4 }]);
    expect(ranges.map((r) => (Buffer.isBuffer(r) ? r.length : r.size))).toEqual([4, 2, 1, 4]);
    const written: Buffer[] = [];
    await copyRanges(ranges, async (views) => void written.push(...views), 0);
    expect(Buffer.concat(written).toString()).toBe('abcdXYZefgh');
  });
});
