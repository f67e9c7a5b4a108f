import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectMp4 } from '../../../src/mp4/inspect.js';
import { joinMp4 } from '../../../src/mp4/join.js';
import { tempDir } from '../../support/cli.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

describe('joinMp4', () => {
  it('refuses a regular MP4 before writing anything: it joins fragments, which such a file has none of', async () => {
    const dir = tempDir();
    const file = path.join(dir, '20261130_075200.mp4');
    writeFileSync(file, buildRegularMp4({ videoFrames: 30 }));
    const output = path.join(dir, 'out.mp4');
    await expect(joinMp4([await inspectMp4(file)], output, { start: new Date().toISOString(), sources: [] })).rejects.toThrow(`${file} is a regular MP4: remux it into a fragmented one first`);
    expect(existsSync(output)).toBe(false);
  });
});
