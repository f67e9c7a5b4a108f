import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRanges } from '../../../src/mp4/copy-ranges.js';
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
});
