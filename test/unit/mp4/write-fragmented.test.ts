import { readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { childBoxes } from '../../../src/mp4/boxes.js';
import { readSamples } from '../../../src/mp4/read-samples.js';
import { writeFragmentedMp4 } from '../../../src/mp4/write-fragmented.js';
import { tempDir as makeTempDir } from '../../support/cli.js';
import { randomSources } from '../../support/writer-sources.js';

const dirs: string[] = [];
const tempDir = () => dirs[dirs.push(makeTempDir('cams-write-frag-')) - 1]!;
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('writeFragmentedMp4', () => {
  it('writes a fragment per keyframe whose every sample, read back as the recordings are read, holds the bytes of its source sample; no temporary file is left', async () => {
    const dir = tempDir();
    const spec = randomSources(dir, 15);
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
    const spec = randomSources(dir, 15);
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
    await expect(writeFragmentedMp4(randomSources(dir, 15), closed)).rejects.toMatchObject({ code: 'EPIPE' });
  });

  it('names a source that is shorter than its samples, and leaves neither the output nor a temporary file', async () => {
    const dir = tempDir();
    const spec = randomSources(dir, 15);
    truncateSync(path.join(dir, 'b.bin'), 6_000_000);
    await expect(writeFragmentedMp4(spec, path.join(dir, 'export.mp4'))).rejects.toThrow(`${path.join(dir, 'b.bin')} ends before the 1000 bytes at byte 6000005 (it changed while being read?)`);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin']);
  });
});
