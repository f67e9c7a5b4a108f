import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectMp4 } from '../../../src/mp4/inspect.js';
import { tempDir } from '../../support/cli.js';
import { buildRegularMp4, type RegularSpec } from '../../support/regular-mp4.js';
import { writeFragmentedFile } from '../../support/fragmented-mp4.js';

function write(spec: RegularSpec, cut = 0): string {
  const file = path.join(tempDir(), '20261130_075200.mp4');
  const bytes = buildRegularMp4(spec);
  writeFileSync(file, cut ? cutMdat(bytes, cut) : bytes);
  return file;
}

// The file with its mdat `bytes` shorter (and its size field said so), as if it had been cut.
function cutMdat(bytes: Buffer, by: number): Buffer {
  const at = bytes.indexOf('mdat') - 4;
  const size = bytes.readUInt32BE(at);
  const out = Buffer.concat([bytes.subarray(0, at + size - by), bytes.subarray(at + size)]);
  out.writeUInt32BE(size - by, at);
  return out;
}

describe('inspecting a regular (non-fragmented) MP4, as the original tool wrote them', () => {
  it('reports it as regular, with its tracks and its duration from the sample tables, never as having no video frames', async () => {
    const info = await inspectMp4(write({ videoFrames: 30, audioFrames: 31, audioDelayMs: 47 }));
    expect(info.layout).toBe('regular');
    expect(info.fragments).toEqual([]);
    expect(info.videoDuration).toBe(2);
    expect(info.manifest).toBeUndefined();
    expect(info.creationTime).toBeUndefined();
    expect(info.tracks).toEqual([
      { id: 1, kind: 'video', codec: 'avc1', timescale: 15360, width: 320, height: 240, start: 0, end: 30 * 1024, leadIn: 0, samples: 0 },
      { id: 2, kind: 'audio', codec: 'mp4a', timescale: 16000, start: 752, end: 752 + 31 * 1024, leadIn: 0, samples: 0 },
    ]);
  });

  it('says a regular MP4 without video samples has no video frames', async () => {
    await expect(inspectMp4(write({ videoFrames: 0 }))).rejects.toThrow('has no video frames');
  });

  it('says where the samples of a regular MP4 whose media data was cut short went missing', async () => {
    await expect(inspectMp4(write({ videoFrames: 30, audioFrames: 31 }, 40))).rejects.toThrow(/lists 610 bytes of samples but its media data holds 570 \(file cut off\?\)/);
    await expect(inspectMp4(write({ videoFrames: 30, audioFrames: 31 }, 320))).rejects.toThrow(/has a audio sample at byte \d+, outside its media data/);
  });

  it('gives the same format key to files of one codec setup whatever bitrates their muxer measured, and another to another setup', async () => {
    const key = async (spec: RegularSpec) => (await inspectMp4(write(spec))).formatKey;
    const base = await key({ videoFrames: 30, audioFrames: 31, videoBitrate: 565_808 });
    expect(await key({ videoFrames: 15, audioFrames: 16, videoBitrate: 592_508 })).toBe(base);
    expect(await key({ videoFrames: 30, audioFrames: 31, sps: Buffer.from('0142c01effe100166742c01eda0507ec04400000030040000007a3c50aa8', 'hex') })).not.toBe(base);
    expect(await key({ videoFrames: 30 })).not.toBe(base);
  });
});

describe('inspecting a fragmented MP4: its fragments', () => {
  it('gives each fragment its bytes and the span of video it holds, in seconds from the first frame', async () => {
    const file = path.join(tempDir(), '20261130_075200.mp4');
    await writeFragmentedFile(file, { frames: 40, keyframeEvery: 15 });
    const info = await inspectMp4(file);
    expect(info.fragments.map((f) => [f.time, f.duration])).toEqual([[0, 1], [1, 1], [2, 10 / 15]]);
    const [first, second] = info.fragments;
    expect(second!.start).toBe(first!.start + first!.size + first!.mdatSize);
    expect(first!.mdatSize).toBe(8 + 15 * 1000 + 16 * 64);
  });
});
