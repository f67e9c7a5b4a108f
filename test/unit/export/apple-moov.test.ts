import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appleReadyMoov } from '../../../src/export/apple-moov.js';
import { childBoxes, findBox } from '../../../src/mp4/boxes.js';
import { hvc1Entry } from '../../../src/mp4/hevc-sample-entry.js';
import { writeRegularMp4, type SourceSample } from '../../../src/mp4/write-regular.js';
import { tempDir as makeTempDir } from '../../support/cli.js';
import { H265_KEYFRAME, HEV1, hev1Lacking } from '../../support/h265-fixture.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir('cams-apple-moov-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('appleReadyMoov', () => {
  it("writes H.265 as hvc1, taking a parameter set the hvcC lacks from the first keyframe's bytes in its source", async () => {
    const dir = tempDir();
    const source = path.join(dir, 'h265.bin');
    writeFileSync(source, Buffer.concat([randomBytes(500), H265_KEYFRAME, randomBytes(300)]));
    const file = buildRegularMp4({ videoFrames: 2, videoEntry: hev1Lacking(33) });
    const moovBox = childBoxes(file).find((b) => b.type === 'moov')!;
    const samples: SourceSample[] = [
      { file: source, offset: 500, size: H265_KEYFRAME.length, duration: 1024, sync: true, compositionOffset: 0 },
      { file: source, offset: 500 + H265_KEYFRAME.length, size: 300, duration: 1024, sync: false, compositionOffset: 0 },
    ];
    const output = path.join(dir, 'export.mp4');
    const tracks = [{ trackId: 1, samples, edits: [] }];
    const moov = await appleReadyMoov(file.subarray(moovBox.start, moovBox.start + moovBox.size), tracks);
    await writeRegularMp4({ moov, tracks, creationTime: new Date('2026-11-30T14:32:05Z') }, output);
    const written = readFileSync(output);
    expect(written.toString('latin1', 16, written.readUInt32BE(0))).toBe('isomiso2hvc1mp41'); // the ftyp's compatible brands
    const stsd = findBox(written, 'moov/trak/mdia/minf/stbl/stsd')!;
    const entry = childBoxes(written, stsd.start + stsd.header + 8, stsd.start + stsd.size)[0]!;
    expect(written.subarray(entry.start, entry.start + entry.size).equals(hvc1Entry(HEV1)!)).toBe(true);
  });

});
