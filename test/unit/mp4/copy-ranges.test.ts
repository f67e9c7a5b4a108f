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
});
