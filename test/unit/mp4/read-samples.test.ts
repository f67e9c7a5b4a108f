import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSamples } from '../../../src/mp4/read-samples.js';
import { tempDir } from '../../support/cli.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

describe('readSamples', () => {
  it('says a regular MP4 is not read sample by sample, rather than reading no samples', async () => {
    const file = path.join(tempDir(), 'legacy.mp4');
    writeFileSync(file, buildRegularMp4({ videoFrames: 30 }));
    await expect(readSamples(file)).rejects.toThrow('is a regular MP4 (one moov with sample tables): only fragmented files are read sample by sample');
  });
});
