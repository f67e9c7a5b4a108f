import { describe, expect, it } from 'vitest';
import { makeBox, makeFullBox, uint32s } from '../../../src/mp4/boxes.js';
import type { TrackDefaults } from '../../../src/mp4/moov.js';
import { fragmentSamples, type Sample } from '../../../src/mp4/samples.js';

// Sample flags (ISO/IEC 14496-12 §8.8.3.1): a keyframe, and a frame that depends on others.
const SYNC = 0x02000000;
const NON_SYNC = 0x01010000;

interface TfhdSpec {
  trackId: number;
  base?: number; // base_data_offset
  descriptionIndex?: number;
  duration?: number;
  size?: number;
  flags?: number;
  baseIsMoof?: boolean;
}

function tfhd(t: TfhdSpec): Buffer {
  const fields: Buffer[] = [uint32s([t.trackId])];
  let flags = t.baseIsMoof ?? true ? 0x020000 : 0;
  if (t.base !== undefined) {
    flags |= 0x01;
    fields.push(uint32s([Math.floor(t.base / 2 ** 32), t.base % 2 ** 32]));
  }
  for (const [flag, value] of [[0x02, t.descriptionIndex], [0x08, t.duration], [0x10, t.size], [0x20, t.flags]] as const) {
    if (value === undefined) continue;
    flags |= flag;
    fields.push(uint32s([value]));
  }
  return makeFullBox('tfhd', 0, flags, ...fields);
}

interface RunSample {
  duration?: number;
  size?: number;
  flags?: number;
  cto?: number;
}

// A trun whose fields are those the first sample has (every sample must have the same ones).
function trun(samples: RunSample[], options: { dataOffset?: number; firstFlags?: number; version?: number } = {}): Buffer {
  const first = samples[0] ?? {};
  const keys = (['duration', 'size', 'flags', 'cto'] as const).filter((k) => first[k] !== undefined);
  let flags = keys.reduce((f, k) => f | { duration: 0x100, size: 0x200, flags: 0x400, cto: 0x800 }[k], 0);
  const head: number[] = [samples.length];
  if (options.dataOffset !== undefined) (flags |= 0x01), head.push(options.dataOffset);
  if (options.firstFlags !== undefined) (flags |= 0x04), head.push(options.firstFlags);
  return makeFullBox('trun', options.version ?? 0, flags, uint32s([...head, ...samples.flatMap((s) => keys.map((k) => s[k]!))]));
}

const tfdt = (time: number, wide = false) => (wide ? makeFullBox('tfdt', 1, 0, uint32s([Math.floor(time / 2 ** 32), time % 2 ** 32])) : makeFullBox('tfdt', 0, 0, uint32s([time])));
const traf = (...boxes: Buffer[]) => makeBox('traf', ...boxes);
const moof = (...trafs: Buffer[]) => makeBox('moof', makeFullBox('mfhd', 0, 0, uint32s([1])), ...trafs);

const TREX = new Map<number, TrackDefaults>([
  [1, { descriptionIndex: 1, duration: 0, size: 0, flags: 0 }],
  [2, { descriptionIndex: 1, duration: 0, size: 0, flags: 0 }],
]);

const pick = (samples: Sample[] | undefined, key: keyof Sample) => samples?.map((s) => s[key]);

describe('fragmentSamples', () => {
  it("reads a fragment as FFmpeg writes it: decode times from tfdt, data at the moof's first byte plus data_offset, a keyframe by first_sample_flags and the rest not by the tfhd default, unsigned composition offsets", () => {
    const video = traf(tfhd({ trackId: 1, flags: NON_SYNC }), tfdt(30720), trun([{ duration: 1024, size: 100, cto: 2048 }, { duration: 1024, size: 50, cto: 0 }, { duration: 1024, size: 40, cto: 0xfffffc00 }], { dataOffset: 500, firstFlags: SYNC }));
    const audio = traf(tfhd({ trackId: 2, flags: SYNC }), tfdt(32000), trun([{ duration: 1024, size: 7 }, { duration: 1024, size: 8 }], { dataOffset: 690 }));
    const tracks = fragmentSamples(moof(video, audio), 10_000, TREX);
    expect(tracks.get(1)).toEqual([
      { decodeTime: 30720, duration: 1024, size: 100, offset: 10_500, sync: true, compositionOffset: 2048 },
      { decodeTime: 31744, duration: 1024, size: 50, offset: 10_600, sync: false, compositionOffset: 0 },
      { decodeTime: 32768, duration: 1024, size: 40, offset: 10_650, sync: false, compositionOffset: 0xfffffc00 },
    ]);
    expect(tracks.get(2)).toEqual([
      { decodeTime: 32000, duration: 1024, size: 7, offset: 10_690, sync: true, compositionOffset: 0 },
      { decodeTime: 33024, duration: 1024, size: 8, offset: 10_697, sync: true, compositionOffset: 0 },
    ]);
  });

  it('reads signed composition offsets from a version 1 trun', () => {
    const run = trun([{ size: 1, cto: 0xfffffc00 }, { size: 1, cto: 1024 }], { version: 1 });
    expect(pick(fragmentSamples(moof(traf(tfhd({ trackId: 1 }), tfdt(0), run)), 0, TREX).get(1), 'compositionOffset')).toEqual([-1024, 1024]);
  });

  it("takes a sample's flags from the trun's own, else first_sample_flags for the first, else the tfhd default, else the trex default", () => {
    const own = trun([{ size: 1, flags: NON_SYNC }, { size: 1, flags: SYNC }], { firstFlags: SYNC });
    const first = trun([{ size: 1 }, { size: 1 }], { firstFlags: SYNC });
    const sync = (head: Buffer, run: Buffer, trex = TREX) => pick(fragmentSamples(moof(traf(head, tfdt(0), run)), 0, trex).get(1), 'sync');
    expect(sync(tfhd({ trackId: 1, flags: SYNC }), own)).toEqual([false, true]);
    expect(sync(tfhd({ trackId: 1, flags: NON_SYNC }), first)).toEqual([true, false]);
    expect(sync(tfhd({ trackId: 1, flags: SYNC }), trun([{ size: 1 }]), new Map([[1, { ...TREX.get(1)!, flags: NON_SYNC }]]))).toEqual([true]);
    expect(sync(tfhd({ trackId: 1 }), trun([{ size: 1 }]), new Map([[1, { ...TREX.get(1)!, flags: NON_SYNC }]]))).toEqual([false]);
  });

  it("takes durations and sizes the trun leaves out from the tfhd's defaults, else the trex's", () => {
    const trex = new Map([[1, { descriptionIndex: 1, duration: 512, size: 9, flags: 0 }]]);
    const run = trun([{}, {}]);
    const read = (head: Buffer) => fragmentSamples(moof(traf(head, tfdt(0), run)), 0, trex).get(1)!.map((s) => [s.duration, s.size]);
    expect(read(tfhd({ trackId: 1, duration: 1024, size: 30 }))).toEqual([[1024, 30], [1024, 30]]);
    expect(read(tfhd({ trackId: 1 }))).toEqual([[512, 9], [512, 9]]);
  });

  it("counts data offsets from the tfhd's 64-bit base_data_offset when it has one", () => {
    const samples = fragmentSamples(moof(traf(tfhd({ trackId: 1, base: 5 * 2 ** 32 + 7 }), tfdt(0), trun([{ size: 10 }, { size: 20 }], { dataOffset: 3 }))), 100, TREX);
    expect(pick(samples.get(1), 'offset')).toEqual([5 * 2 ** 32 + 10, 5 * 2 ** 32 + 20]);
  });

  it("without a base offset or default-base-is-moof, starts the first track fragment's data at the moof and the next one's where the first one's data ends; a run without data_offset follows the run before it", () => {
    const first = traf(tfhd({ trackId: 1, baseIsMoof: false }), tfdt(0), trun([{ duration: 10, size: 100 }], { dataOffset: 300 }), trun([{ duration: 10, size: 50 }]));
    const second = traf(tfhd({ trackId: 2, baseIsMoof: false }), tfdt(0), trun([{ duration: 10, size: 5 }]));
    const tracks = fragmentSamples(moof(first, second), 1000, TREX);
    expect(tracks.get(1)!.map((s) => [s.offset, s.decodeTime])).toEqual([[1300, 0], [1400, 10]]);
    expect(pick(tracks.get(2), 'offset')).toEqual([1450]);
  });

  it('continues a track fragment without tfdt from where its previous fragment ended, and reads a 64-bit tfdt whole', () => {
    const without = fragmentSamples(moof(traf(tfhd({ trackId: 1 }), trun([{ duration: 10, size: 1 }]))), 0, TREX, new Map([[1, 777]]));
    expect(pick(without.get(1), 'decodeTime')).toEqual([777]);
    const wide = fragmentSamples(moof(traf(tfhd({ trackId: 1 }), tfdt(2 ** 33 + 5, true), trun([{ duration: 10, size: 1 }]))), 0, TREX);
    expect(pick(wide.get(1), 'decodeTime')).toEqual([2 ** 33 + 5]);
  });

  it('refuses a fragment of a track the moov does not declare, and a sample description other than the first', () => {
    expect(() => fragmentSamples(moof(traf(tfhd({ trackId: 3 }), tfdt(0), trun([{ size: 1 }]))), 0, TREX)).toThrow('has a fragment of track 3, which its moov does not declare (no trex)');
    expect(() => fragmentSamples(moof(traf(tfhd({ trackId: 1, descriptionIndex: 2 }), tfdt(0), trun([{ size: 1 }]))), 0, TREX)).toThrow('uses sample description 2 of track 1: only the first is supported');
  });

  it('refuses a track run that lists more samples than its box holds', () => {
    const run = trun([{ size: 1 }, { size: 2 }]);
    run.writeUInt32BE(3, 12); // sample_count
    expect(() => fragmentSamples(moof(traf(tfhd({ trackId: 1 }), tfdt(0), run)), 0, TREX)).toThrow('has a track run of 3 samples that does not fit its box');
  });
});
