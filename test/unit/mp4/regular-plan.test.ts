import { describe, expect, it } from 'vitest';
import { childBoxes } from '../../../src/mp4/boxes.js';
import type { Piece } from '../../../src/mp4/copy-ranges.js';
import { readCreationTime } from '../../../src/mp4/moov.js';
import { planRegularMp4, type SourceSample, type TrackSelection } from '../../../src/mp4/regular-plan.js';
import { hvc1Entry } from '../../../src/mp4/hevc-sample-entry.js';
import { HEV1 } from '../../support/h265-fixture.js';
import { readRegularTables } from '../../support/read-regular-tables.js';
import { buildRegularMp4 } from '../../support/regular-mp4.js';
import { CREATED, run, SOURCE_MOOV } from '../../support/writer-sources.js';

const SOURCE = SOURCE_MOOV;

// Where each byte of the mdat comes from: the source byte at an output offset.
function sourceAt(ranges: Piece[], dataStart: number, at: number): { file: string; offset: number } {
  let p = dataStart;
  for (const r of ranges) {
    const size = Buffer.isBuffer(r) ? r.length : r.size;
    if (at < p + size) return Buffer.isBuffer(r) ? { file: '', offset: at - p } : { file: r.file, offset: r.offset + at - p };
    p += size;
  }
  throw new Error(`offset ${at} is past the data`);
}

describe('planRegularMp4', () => {
  const video: TrackSelection = { trackId: 1, samples: run('a.mp4', 1000, 30, 100, 1024, (i) => ({ sync: i % 15 === 0, compositionOffset: i % 3 === 0 ? 2048 : 0 })), edits: [{ mediaTime: 2048 + 6144, duration: 30 * 1024 - 6144 }] };
  const audio: TrackSelection = { trackId: 2, samples: run('b.mp4', 50, 32, 10, 1024), edits: [{ mediaTime: -1, duration: 800 }, { mediaTime: 300, duration: 28_000 }] };

  it('lays out ftyp, moov, then one mdat, and points every sample of the tables at its own bytes in the sources', () => {
    const plan = planRegularMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const [ftyp, moov, mdat] = plan.head;
    expect(ftyp!.toString('latin1', 4, 8)).toBe('ftyp');
    expect(moov!.toString('latin1', 4, 8)).toBe('moov');
    expect(mdat!.toString('latin1', 4, 8)).toBe('mdat');
    const dataStart = ftyp!.length + moov!.length + 8;
    expect(mdat!.readUInt32BE(0)).toBe(8 + 30 * 100 + 32 * 10);
    expect(plan.size).toBe(dataStart + 30 * 100 + 32 * 10);
    const tables = readRegularTables(moov!);
    for (const [t, selection] of [video, audio].entries()) {
      const found = tables.tracks[t]!.samples.map((s) => sourceAt(plan.ranges, dataStart, s.offset));
      expect(found).toEqual(selection.samples.map((s) => ({ file: s.file, offset: s.offset })));
    }
    expect(plan.ranges.length).toBeLessThan(30 / 8 + 32 / 8 + 2); // one read per chunk: neighbours joined
  });

  it("writes each sample's duration, composition offset and keyframe flag; a track's tables leave out ctts without offsets, stss when all are keyframes, and list one size when all are equal", () => {
    const { head } = planRegularMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const tables = readRegularTables(head[1]!);
    expect(tables.tracks.map((t) => t.boxes)).toEqual([
      ['stsd', 'stts', 'ctts', 'stss', 'stsz', 'stsc', 'stco'],
      ['stsd', 'stts', 'stsz', 'stsc', 'stco'],
    ]);
    const pick = (s: SourceSample) => ({ size: s.size, duration: s.duration, sync: s.sync, compositionOffset: s.compositionOffset });
    expect(tables.tracks[0]!.samples.map(({ offset: _, ...rest }) => rest)).toEqual(video.samples.map(pick));
    expect(tables.tracks[1]!.samples.map(({ offset: _, ...rest }) => rest)).toEqual(audio.samples.map(pick));
  });

  it("writes the headers: the finest timescale of the tracks for the movie, each track's edits in it, the media's own length, the creation time", () => {
    const { head } = planRegularMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const tables = readRegularTables(head[1]!);
    expect(tables.timescale).toBe(16000);
    expect(tables.tracks.map((t) => [t.id, t.timescale, t.mdhdDuration])).toEqual([[1, 15360, 30 * 1024], [2, 16000, 32 * 1024]]);
    expect(tables.tracks[0]!.edits).toEqual([{ mediaTime: 8192, duration: 25600 }]);
    expect(tables.tracks[1]!.edits).toEqual([{ mediaTime: -1, duration: 800 }, { mediaTime: 300, duration: 28_000 }]);
    expect(tables.tracks.map((t) => t.tkhdDuration)).toEqual([25600, 28_800]);
    expect(tables.duration).toBe(28_800);
    expect(readCreationTime(head[1]!)).toEqual(CREATED);
  });

  it('past 4 GiB, writes 64-bit chunk offsets (co64) and a 64-bit mdat size', () => {
    const big: TrackSelection = { trackId: 1, samples: run('a.mp4', 0, 5, 1_000_000_000, 15360), edits: [] };
    const { head, size } = planRegularMp4({ moov: SOURCE, tracks: [big], creationTime: CREATED });
    const tables = readRegularTables(head[1]!);
    expect(tables.tracks[0]!.boxes.at(-1)).toBe('co64');
    expect(tables.tracks[0]!.samples.at(-1)!.offset).toBe(size - 1_000_000_000);
    expect(head[2]!.readUInt32BE(0)).toBe(1);
    expect(Number(head[2]!.readBigUInt64BE(8))).toBe(5_000_000_000 + 16);
  });

  it('brands H.264 avc1 and H.265 written as hvc1 hvc1, beside isom, iso2 and mp41', () => {
    const brands = (moov: Buffer) => planRegularMp4({ moov, tracks: [{ trackId: 1, samples: run('a.mp4', 0, 2, 10, 1024), edits: [] }], creationTime: CREATED }).head[0]!.toString('latin1', 16);
    const hvc1 = buildRegularMp4({ videoFrames: 2, videoEntry: hvc1Entry(HEV1)! });
    const hvc1Moov = hvc1.subarray(childBoxes(hvc1).find((b) => b.type === 'moov')!.start);
    expect(brands(SOURCE)).toBe('isomiso2avc1mp41');
    expect(brands(hvc1Moov)).toBe('isomiso2hvc1mp41');
  });

  it('refuses a track the source does not have, and a track without samples', () => {
    expect(() => planRegularMp4({ moov: SOURCE, tracks: [{ ...video, trackId: 7 }], creationTime: CREATED })).toThrow('the source has no track 7');
    expect(() => planRegularMp4({ moov: SOURCE, tracks: [{ ...audio, samples: [] }], creationTime: CREATED })).toThrow('track 2 has no samples to write');
  });
});
