import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { childBoxes } from '../../../src/mp4/boxes.js';
import { readSamples } from '../../../src/mp4/read-samples.js';
import { writeFragmentedMp4 } from '../../../src/mp4/write-fragmented.js';
import type { RegularMp4Spec, SourceSample } from '../../../src/mp4/write-regular.js';
import { tempDir as makeTempDir } from '../../support/cli.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

const SOURCE_MOOV = (() => {
  const file = buildRegularMp4({ videoFrames: 2, audioFrames: 2 });
  const moov = childBoxes(file).find((b) => b.type === 'moov')!;
  return file.subarray(moov.start, moov.start + moov.size);
})();

// Two source files of random bytes: 110 video samples of 100 kB (a keyframe every 15) in one,
// audio samples of 1 kB far apart in the other; more than a batch of each.
function sources(dir: string): RegularMp4Spec {
  const [a, b] = [path.join(dir, 'a.bin'), path.join(dir, 'b.bin')];
  writeFileSync(a, randomBytes(12_000_000));
  writeFileSync(b, randomBytes(12_000_000));
  const sample = (file: string, offset: number, size: number, duration: number, sync = true): SourceSample => ({ file, offset, size, duration, sync, compositionOffset: 0 });
  const video = Array.from({ length: 110 }, (_, i) => sample(a, 777 + i * 100_000, 100_000, 1024, i % 15 === 0));
  const audio = Array.from({ length: 110 }, (_, i) => sample(b, 5 + i * 100_000, 1000, 1000));
  return { moov: SOURCE_MOOV, tracks: [{ trackId: 1, samples: video, edits: [] }, { trackId: 2, samples: audio, edits: [] }], creationTime: new Date('2026-11-30T14:32:05Z') };
}

const dirs: string[] = [];
const tempDir = () => dirs[dirs.push(makeTempDir('cams-write-frag-')) - 1]!;
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('writeFragmentedMp4', () => {
  it('writes a fragment per keyframe whose every sample, read back as the recordings are read, holds the bytes of its source sample; no temporary file is left', async () => {
    const dir = tempDir();
    const spec = sources(dir);
    const output = path.join(dir, 'export.mp4');
    const { bytes } = await writeFragmentedMp4(spec, output);
    const file = readFileSync(output);
    expect(file.length).toBe(bytes);
    expect(childBoxes(file).filter((b) => b.type === 'moof').length).toBe(8); // keyframes at 0, 15 … 105
    const { tracks } = await readSamples(output);
    const contents = new Map(['a.bin', 'b.bin'].map((name) => [path.join(dir, name), readFileSync(path.join(dir, name))]));
    for (const track of spec.tracks) {
      const written = tracks.get(track.trackId)!;
      expect(written.length).toBe(track.samples.length);
      written.forEach((s, i) => {
        const source = track.samples[i]!;
        expect(s.sync).toBe(source.sync);
        expect(file.subarray(s.offset, s.offset + s.size).equals(contents.get(source.file)!.subarray(source.offset, source.offset + source.size)), `track ${track.trackId} sample ${i}`).toBe(true);
      });
    }
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin', 'export.mp4']);
  });

  it('writes the same bytes to a stream, front to back', async () => {
    const dir = tempDir();
    const spec = sources(dir);
    await writeFragmentedMp4(spec, path.join(dir, 'export.mp4'));
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk))); // the writer reuses its buffers
    const { bytes } = await writeFragmentedMp4(spec, stream);
    expect(Buffer.concat(chunks).equals(readFileSync(path.join(dir, 'export.mp4')))).toBe(true);
    expect(bytes).toBe(Buffer.concat(chunks).length);
  });

  it('stops with the error of a stream whose reader went away (EPIPE)', async () => {
    const dir = tempDir();
    let calls = 0;
    const closed = new Writable({ write: (_chunk, _encoding, done) => done(++calls > 3 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null) });
    closed.on('error', () => undefined); // the CLI's stdout has its own handler (main.ts)
    await expect(writeFragmentedMp4(sources(dir), closed)).rejects.toMatchObject({ code: 'EPIPE' });
  });

  it('names a source that is shorter than its samples, and leaves neither the output nor a temporary file', async () => {
    const dir = tempDir();
    const spec = sources(dir);
    truncateSync(path.join(dir, 'b.bin'), 6_000_000);
    await expect(writeFragmentedMp4(spec, path.join(dir, 'export.mp4'))).rejects.toThrow(`${path.join(dir, 'b.bin')} ends before the 1000 bytes at byte 6000005 (it changed while being read?)`);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin']);
  });
});
