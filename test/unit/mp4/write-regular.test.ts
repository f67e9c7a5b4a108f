import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childBoxes } from '../../../src/mp4/boxes.js';
import { textTrack } from '../../../src/mp4/text-track.js';
import { writeRegularMp4 } from '../../../src/mp4/write-regular.js';
import { tempDir as makeTempDir } from '../../support/cli.js';
import { readRegularTables } from '../../support/read-regular-tables.js';
import { randomSources } from '../../support/writer-sources.js';

// The sources are 24 MB a test: each test's folder goes when it ends.
const dirs: string[] = [];
const tempDir = () => dirs[dirs.push(makeTempDir('cams-write-')) - 1]!;
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('writeRegularMp4', () => {
  it('writes the file under its name only once complete, each sample of its tables holding the bytes of its source sample, and leaves no temporary file', async () => {
    const dir = tempDir();
    const spec = randomSources(dir);
    const output = path.join(dir, 'export.mp4');
    const { bytes } = await writeRegularMp4(spec, output);
    const file = readFileSync(output);
    expect(file.length).toBe(bytes);
    expect(childBoxes(file).map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
    const moov = childBoxes(file)[1]!;
    const tables = readRegularTables(file.subarray(moov.start, moov.start + moov.size));
    const contents = new Map(['a.bin', 'b.bin'].map((name) => [path.join(dir, name), readFileSync(path.join(dir, name))]));
    const read = (s: { file: string; offset: number; size: number }) => contents.get(s.file)!.subarray(s.offset, s.offset + s.size);
    for (const [t, track] of spec.tracks.entries()) {
      const written = tables.tracks[t]!.samples;
      expect(written.length).toBe(track.samples.length);
      written.forEach((s, i) => expect(file.subarray(s.offset, s.offset + s.size).equals(read(track.samples[i]!)), `track ${track.trackId} sample ${i}`).toBe(true));
    }
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin', 'export.mp4']);
  });

  it('writes samples held in memory (a text track made here) beside samples copied from files, each where its table says', async () => {
    const dir = tempDir();
    const spec = randomSources(dir);
    const cues = Array.from({ length: 8 }, (_, i) => ({ duration: 1000, text: `2026-11-30 14:32:0${i} +01:00` }));
    const output = path.join(dir, 'export.mp4');
    await writeRegularMp4({ ...spec, tracks: [...spec.tracks, textTrack(3, cues)] }, output);
    const file = readFileSync(output);
    const moov = childBoxes(file)[1]!;
    const tables = readRegularTables(file.subarray(moov.start, moov.start + moov.size));
    expect(tables.tracks.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(tables.tracks[2]!.samples.map((s) => file.toString('utf8', s.offset + 2, s.offset + s.size))).toEqual(cues.map((c) => c.text));
    const video = readFileSync(path.join(dir, 'a.bin'));
    const at = (i: number) => 777 + i * 100_000;
    tables.tracks[0]!.samples.forEach((s, i) => expect(file.subarray(s.offset, s.offset + s.size).equals(video.subarray(at(i), at(i) + 100_000)), `video sample ${i}`).toBe(true));
  });

  it('refuses to replace a file that exists, leaving it as it was', async () => {
    const dir = tempDir();
    const output = path.join(dir, 'export.mp4');
    writeFileSync(output, 'mine');
    await expect(writeRegularMp4(randomSources(dir), output)).rejects.toMatchObject({ message: `"${output}" already exists: nothing is overwritten (give another -o, or --force to replace it)`, code: 'E_EXISTS', exitCode: 73 });
    expect(readFileSync(output, 'utf8')).toBe('mine');
  });

  it('names a source that is shorter than its samples, and leaves neither the output nor a temporary file', async () => {
    const dir = tempDir();
    const spec = randomSources(dir);
    truncateSync(path.join(dir, 'b.bin'), 6_000_000);
    await expect(writeRegularMp4(spec, path.join(dir, 'export.mp4'))).rejects.toThrow(`${path.join(dir, 'b.bin')} ends before the 1000 bytes at byte 6000005 (it changed while being read?)`);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin']);
  });

  it('stopped by its signal between two batches, rejects with the reason, and leaves neither the output nor a temporary file', async () => {
    const dir = tempDir();
    const output = path.join(dir, 'export.mp4');
    const controller = new AbortController();
    const reason = new Error('stopped by SIGTERM');
    let batches = 0;
    const onProgress = () => void (++batches === 1 && controller.abort(reason));
    await expect(writeRegularMp4(randomSources(dir), output, { signal: controller.signal, onProgress })).rejects.toBe(reason);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin']);
  });

  it('removes what a killed export left in the folder (its process is gone) before it writes', async () => {
    const dir = tempDir();
    const left = '.old.mp4.999999999.1.0123abcd.tmp'; // no process has that pid
    writeFileSync(path.join(dir, left), 'half an export');
    await writeRegularMp4(randomSources(dir), path.join(dir, 'export.mp4'));
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin', 'export.mp4']);
  });

  it('says of the output, not of a temporary name, that its folder does not exist', async () => {
    const dir = tempDir();
    const output = path.join(dir, 'missing', 'export.mp4');
    await expect(writeRegularMp4(randomSources(dir), output)).rejects.toMatchObject({ message: `cannot write "${output}": its folder does not exist`, code: 'E_NOT_WRITABLE', exitCode: 73 });
  });
});
