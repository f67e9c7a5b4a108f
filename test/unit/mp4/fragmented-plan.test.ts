import { describe, expect, it } from 'vitest';
import { findBox, payload } from '../../../src/mp4/boxes.js';
import type { Piece } from '../../../src/mp4/copy-ranges.js';
import { planFragmentedMp4, type FragmentedMp4Plan } from '../../../src/mp4/fragmented-plan.js';
import { readCreationTime, trexDefaults } from '../../../src/mp4/moov.js';
import { planRegularMp4, type TrackSelection } from '../../../src/mp4/regular-plan.js';
import { fragmentSamples, type Sample } from '../../../src/mp4/samples.js';
import { readRegularTables } from '../../support/read-regular-tables.js';
import { CREATED, run, SOURCE_MOOV } from '../../support/writer-sources.js';

const SOURCE = SOURCE_MOOV;

// 45 frames at 15 fps, a keyframe every second, B-frame-like composition offsets; audio of 1024 ticks at 16 kHz.
const video: TrackSelection = { trackId: 1, samples: run('v.mp4', 1000, 45, 100, 1024, (i) => ({ sync: i % 15 === 0, compositionOffset: i % 3 === 0 ? 2048 : 0 })), edits: [{ mediaTime: 2048 + 3072, duration: 45 * 1024 - 3072 }] };
const audio: TrackSelection = { trackId: 2, samples: run('a.mp4', 50, 47, 10, 1024), edits: [{ mediaTime: 200, duration: 47 * 1024 - 200 }] };

interface ReadBack {
  moov: Buffer;
  fragments: Array<{ start: number; tracks: Map<number, Sample[]> }>; // start: of its moof, in the file
}

// The file's boxes parsed back with the reader of recordings (fragmentSamples), each sample's
// offset an offset of the file that `sourceOf` maps to the source bytes.
function readBack(plan: FragmentedMp4Plan): ReadBack {
  const moov = plan.head[1]!;
  let at = plan.head.reduce((n, b) => n + b.length, 0);
  const fragments = plan.fragments.map((f) => {
    const start = at;
    at += f.head.length + f.data.reduce((n, p) => n + sizeOf(p), 0);
    return { start, tracks: fragmentSamples(moofOf(f.head), start, trexDefaults(moov)) };
  });
  expect(at).toBe(plan.size);
  return { moov, fragments };
}

// A fragment's head is its moof, then the header of its mdat.
function moofOf(head: Buffer): Buffer {
  return head.subarray(0, head.readUInt32BE(0));
}

function sizeOf(piece: Piece): number {
  return Buffer.isBuffer(piece) ? piece.length : piece.size;
}

// Where the byte at a file offset comes from: a source file and offset.
function sourceOf(plan: FragmentedMp4Plan, offset: number): { file: string; offset: number } {
  let at = plan.head.reduce((n, b) => n + b.length, 0);
  for (const f of plan.fragments) {
    at += f.head.length;
    for (const p of f.data) {
      if (offset >= at && offset < at + sizeOf(p) && !Buffer.isBuffer(p)) return { file: p.file, offset: p.offset + offset - at };
      at += sizeOf(p);
    }
  }
  throw new Error(`offset ${offset} is not in any fragment's data`);
}

const pick = (s: { size: number; duration: number; sync: boolean; compositionOffset: number }) => ({ size: s.size, duration: s.duration, sync: s.sync, compositionOffset: s.compositionOffset });

describe('planFragmentedMp4', () => {
  it('starts a fragment at each keyframe of the video, and puts the audio of the same span of time in it', () => {
    const plan = planFragmentedMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const { fragments } = readBack(plan);
    expect(fragments.map((f) => f.tracks.get(1)!.length)).toEqual([15, 15, 15]);
    expect(fragments.every((f) => f.tracks.get(1)![0]!.sync)).toBe(true);
    // The video's timeline starts 5120 ticks in (its edit), the audio's 200: the audio samples
    // decoded before a keyframe's movie time are in the fragment before it.
    const videoStarts = [0, 1, 2].map((k) => (k * 15 * 1024 - 5120) / 15360);
    for (const [f, fragment] of fragments.entries()) {
      for (const s of fragment.tracks.get(2)!) {
        const at = (s.decodeTime - 200) / 16000;
        if (f > 0) expect(at).toBeGreaterThanOrEqual(videoStarts[f]!);
        if (f < 2) expect(at).toBeLessThan(videoStarts[f + 1]!);
      }
    }
    expect(fragments.reduce((n, f) => n + f.tracks.get(2)!.length, 0)).toBe(47);
  });

  it("gives every sample its duration, size, keyframe flag and composition offset, decode times that continue across fragments (tfdt), and data offsets that point at the sample's own bytes in its source", () => {
    const plan = planFragmentedMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const { fragments } = readBack(plan);
    for (const selection of [video, audio]) {
      const samples = fragments.flatMap((f) => f.tracks.get(selection.trackId) ?? []);
      expect(samples.map(pick)).toEqual(selection.samples.map(pick));
      let decodeTime = 0;
      for (const [i, s] of samples.entries()) {
        expect(s.decodeTime, `track ${selection.trackId} sample ${i}`).toBe(decodeTime);
        decodeTime += s.duration;
        expect(sourceOf(plan, s.offset)).toEqual({ file: selection.samples[i]!.file, offset: selection.samples[i]!.offset });
        expect(sourceOf(plan, s.offset + s.size - 1)).toEqual({ file: selection.samples[i]!.file, offset: selection.samples[i]!.offset + s.size - 1 });
      }
    }
    // Neighbouring samples are read as one range: a range or two per track and fragment.
    expect(plan.fragments.map((f) => f.data.length)).toEqual([2, 2, 2]);
  });

  it("keeps a gap's stretched sample whole: the frame before it lasts until the next, and the fragments after it start that much later", () => {
    const stretched = video.samples.map((s, i) => (i === 14 ? { ...s, duration: 10 * 15360 } : s));
    const plan = planFragmentedMp4({ moov: SOURCE, tracks: [{ ...video, samples: stretched, edits: [] }], creationTime: CREATED });
    const { fragments } = readBack(plan);
    expect(fragments.map((f) => f.tracks.get(1)![0]!.decodeTime)).toEqual([0, 14 * 1024 + 10 * 15360, 29 * 1024 + 10 * 15360]);
    expect(fragments[0]!.tracks.get(1)!.at(-1)!.duration).toBe(10 * 15360);
  });

  it("writes the regular export's headers: the same edit lists, durations and creation time, empty sample tables, and an mvex with the whole duration and a trex per track", () => {
    const plan = planFragmentedMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED });
    const regular = readRegularTables(planRegularMp4({ moov: SOURCE, tracks: [video, audio], creationTime: CREATED }).head[1]!);
    const moov = plan.head[1]!;
    const tables = readRegularTables(moov);
    const headers = (t: typeof tables) => ({ timescale: t.timescale, duration: t.duration, tracks: t.tracks.map(({ id, tkhdDuration, timescale, mdhdDuration, edits }) => ({ id, tkhdDuration, timescale, mdhdDuration, edits })) });
    expect(headers(tables)).toEqual(headers(regular));
    expect(tables.tracks[0]!.edits).toEqual([{ mediaTime: 5120, duration: Math.round(((45 * 1024 - 3072) * 16000) / 15360) }]);
    expect(tables.tracks.map((t) => [t.boxes, t.samples.length])).toEqual([[['stsd', 'stts', 'stsz', 'stsc', 'stco'], 0], [['stsd', 'stts', 'stsz', 'stsc', 'stco'], 0]]);
    expect(readCreationTime(moov)).toEqual(CREATED);
    expect(payload(moov, findBox(moov, 'moov/mvex/mehd')!).readUInt32BE(4)).toBe(tables.duration);
    expect([...trexDefaults(moov)]).toEqual([[1, { descriptionIndex: 1, duration: 0, size: 0, flags: 0 }], [2, { descriptionIndex: 1, duration: 0, size: 0, flags: 0 }]]);
    expect(plan.head[0]!.toString('latin1', 4)).toBe('ftypiso5\0\0\x02\0iso5iso6mp41');
  });

  it('signed composition offsets go in a version 1 track run; a stream of keyframes only is cut every half second, not every frame', () => {
    const allKeys = run('v.mp4', 0, 30, 100, 1024, (i) => ({ compositionOffset: i % 2 ? -1024 : 1024 }));
    const plan = planFragmentedMp4({ moov: SOURCE, tracks: [{ trackId: 1, samples: allKeys, edits: [] }], creationTime: CREATED });
    const { fragments } = readBack(plan);
    expect(fragments.map((f) => f.tracks.get(1)!.length)).toEqual([8, 8, 8, 6]); // 8 × 1/15 s ≥ 0.5 s
    expect(fragments.flatMap((f) => f.tracks.get(1)!).map((s) => s.compositionOffset)).toEqual(allKeys.map((s) => s.compositionOffset));
    const moof = moofOf(plan.fragments[0]!.head);
    expect(payload(moof, findBox(moof, 'moof/traf/trun')!)[0]).toBe(1);
  });

  it('refuses a track the source does not have, and a track without samples', () => {
    expect(() => planFragmentedMp4({ moov: SOURCE, tracks: [{ ...video, trackId: 7 }], creationTime: CREATED })).toThrow('the source has no track 7');
    expect(() => planFragmentedMp4({ moov: SOURCE, tracks: [video, { ...audio, samples: [] }], creationTime: CREATED })).toThrow('track 2 has no samples to write');
  });
});
