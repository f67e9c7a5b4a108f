import { describe, expect, it } from 'vitest';
import { childBoxes, childrenOf, findBox, makeBox } from '../../../src/mp4/boxes.js';
import { hvc1Entry } from '../../../src/mp4/hevc-sample-entry.js';
import { hvc1Moov, tracksNeedingKeyframe } from '../../../src/mp4/hvc1-moov.js';
import { readTracks } from '../../../src/mp4/moov.js';
import { H265_KEYFRAME, H265_MOOV, HEV1, hev1Lacking } from '../../support/h265-fixture.js';
import { readRegularTables } from '../../support/read-regular-tables.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';

const HVC1 = hvc1Entry(HEV1)!;
const VPS_ARRAY_BYTES = 3 + 2 + 24; // type, numNalus, then the one VPS after its length

function moovOf(file: Buffer): Buffer {
  const moov = childBoxes(file).find((b) => b.type === 'moov')!;
  return file.subarray(moov.start, moov.start + moov.size);
}

// The first sample entry of each trak, by track id.
function entries(moov: Buffer): Map<number, Buffer> {
  const ids = readTracks(moov).map((t) => t.id);
  return new Map(childrenOf(moov, childBoxes(moov)[0]!, 'trak').map((trak, i) => {
    const stsd = findBox(moov, 'mdia/minf/stbl/stsd', trak.start + trak.header, trak.start + trak.size)!;
    const entry = childBoxes(moov, stsd.start + stsd.header + 8, stsd.start + stsd.size)[0]!;
    return [ids[i]!, moov.subarray(entry.start, entry.start + entry.size)];
  }));
}

// A moov of two video tracks (ids 1 and 2) with this sample entry, and an audio track (3).
function twoVideoTracks(entry: Buffer): Buffer {
  const moov = moovOf(buildRegularMp4({ videoFrames: 3, audioFrames: 2, videoEntry: entry }));
  const [mvhd, video, audio] = childBoxes(moov, 8).map((b) => Buffer.from(moov.subarray(b.start, b.start + b.size)));
  const second = Buffer.from(video!);
  second.writeUInt32BE(2, 8 + 8 + 4 + 8); // tkhd's track_ID (after the trak and tkhd headers, version and flags, the times)
  audio!.writeUInt32BE(3, 8 + 8 + 4 + 8);
  return makeBox('moov', mvhd!, video!, second, audio!);
}

describe('hvc1Moov', () => {
  it("makes the recorded moov's hev1 track hvc1, the same size, and leaves its audio track alone", () => {
    const out = hvc1Moov(H265_MOOV);
    expect(out.length).toBe(H265_MOOV.length);
    expect(readTracks(out).map((t) => t.codec)).toEqual(['hvc1', 'mp4a']);
    expect(entries(out).get(1)!.equals(HVC1)).toBe(true);
    expect(entries(out).get(2)!.equals(entries(H265_MOOV).get(2)!)).toBe(true);
    expect(tracksNeedingKeyframe(H265_MOOV)).toEqual([]);
  });

  it("takes each track's missing VPS from its keyframe, growing every box around the sample entries to match", () => {
    const moov = twoVideoTracks(hev1Lacking(32));
    expect(tracksNeedingKeyframe(moov)).toEqual([1, 2]);
    const out = hvc1Moov(moov, new Map([[1, H265_KEYFRAME], [2, H265_KEYFRAME]]));
    expect(out.length).toBe(moov.length + 2 * VPS_ARRAY_BYTES);
    expect(readTracks(out).map((t) => [t.id, t.codec])).toEqual([[1, 'hvc1'], [2, 'hvc1'], [3, 'mp4a']]);
    for (const id of [1, 2]) expect(entries(out).get(id)!.equals(HVC1)).toBe(true);
    // The sample tables after the entries are read as before.
    expect(readRegularTables(out).tracks.map((t) => t.samples)).toEqual(readRegularTables(moov).tracks.map((t) => t.samples));
  });

  it('leaves hev1 as it is where no keyframe brings the missing parameter set', () => {
    const moov = twoVideoTracks(hev1Lacking(34));
    const out = hvc1Moov(moov, new Map([[2, H265_KEYFRAME]]));
    expect(readTracks(out).map((t) => t.codec)).toEqual(['hev1', 'hvc1', 'mp4a']);
    expect(hvc1Moov(moov).equals(moov)).toBe(true);
  });

  it('leaves an H.264 moov byte for byte as it was', () => {
    const moov = moovOf(buildRegularMp4({ videoFrames: 2, audioFrames: 2 }));
    expect(hvc1Moov(moov).equals(moov)).toBe(true);
    expect(tracksNeedingKeyframe(moov)).toEqual([]);
  });
});
