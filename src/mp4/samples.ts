// Every sample of one movie fragment (moof), per track: its decode time, duration, size, where its
// data lies in the file, whether it is a sync sample (a keyframe), and its composition offset.
// ISO/IEC 14496-12: §8.8.3 trex (the defaults), §8.8.7 tfhd, §8.8.8 trun, §8.8.12 tfdt.
import { childBoxes, childrenOf, payload } from './boxes.js';
import type { TrackDefaults } from './moov.js';

export interface Sample {
  decodeTime: number; // in the track's timescale: tfdt plus the durations of the samples before it
  duration: number; // in the track's timescale
  size: number; // bytes
  offset: number; // of its data, from the first byte of the file
  sync: boolean; // a sync sample (keyframe): sample_is_non_sync_sample is clear
  compositionOffset: number; // presentation time = decodeTime + compositionOffset
}

// tfhd flags, §8.8.7.1.
const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_DESCRIPTION_INDEX = 0x02;
const TFHD_DURATION = 0x08;
const TFHD_SIZE = 0x10;
const TFHD_FLAGS = 0x20;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
// trun flags, §8.8.8.1.
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_SAMPLE_FLAGS = 0x04;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_COMPOSITION_OFFSET = 0x800;
const MAX_RUN_SAMPLES = 1 << 20;
// sample_is_non_sync_sample in the sample flags, §8.8.3.1.
const NON_SYNC = 0x10000;

// What a traf's samples fall back on: the tfhd's defaults, else the trex's (§8.8.7.1).
interface TrackFragmentHeader {
  trackId: number;
  baseDataOffset: number | undefined; // explicit base (64-bit), when present
  defaultBaseIsMoof: boolean;
  defaults: TrackDefaults;
}

// The samples of a moof box (the whole box in `moof`, whose first byte is at `moofStart` in the
// file), by track id. `defaults`: the moov's trex per track. `decodeTimes`: where each track's
// previous fragment ended, for a traf without tfdt (none: 0). Throws on a track the moov lacks.
export function fragmentSamples(moof: Buffer, moofStart: number, defaults: Map<number, TrackDefaults>, decodeTimes = new Map<number, number>()): Map<number, Sample[]> {
  const tracks = new Map<number, Sample[]>();
  const next = new Map(decodeTimes);
  // Without an explicit base or default-base-is-moof, the first traf's base is the moof's first
  // byte and each later traf's is the end of the data of the one before it (§8.8.7.1).
  let dataEnd = moofStart;
  for (const traf of childrenOf(moof, childBoxes(moof)[0]!, 'traf')) {
    const tfhd = childrenOf(moof, traf, 'tfhd')[0];
    if (!tfhd) throw new Error(`has a track fragment without tfhd in the fragment at byte ${moofStart}`);
    const header = readTfhd(payload(moof, tfhd), defaults);
    const base = header.baseDataOffset ?? (header.defaultBaseIsMoof ? moofStart : dataEnd);
    const tfdt = childrenOf(moof, traf, 'tfdt')[0];
    const cursor = { decodeTime: tfdt ? readTfdt(payload(moof, tfdt)) : (next.get(header.trackId) ?? 0), position: base };
    const samples = tracks.get(header.trackId) ?? [];
    for (const trun of childrenOf(moof, traf, 'trun')) readTrun(payload(moof, trun), header.defaults, base, cursor, samples);
    tracks.set(header.trackId, samples);
    next.set(header.trackId, cursor.decodeTime);
    dataEnd = cursor.position;
  }
  return tracks;
}

// §8.8.7: track_ID, then the optional fields in the order of their flags.
function readTfhd(body: Buffer, trex: Map<number, TrackDefaults>): TrackFragmentHeader {
  const flags = body.readUInt32BE(0) & 0xffffff;
  const trackId = body.readUInt32BE(4);
  const fallback = trex.get(trackId);
  if (!fallback) throw new Error(`has a fragment of track ${trackId}, which its moov does not declare (no trex)`);
  let p = 8;
  const field = (flag: number, wide = false): number | undefined => {
    if (!(flags & flag)) return undefined;
    p += wide ? 8 : 4;
    return wide ? Number(body.readBigUInt64BE(p - 8)) : body.readUInt32BE(p - 4);
  };
  const baseDataOffset = field(TFHD_BASE_DATA_OFFSET, true);
  const defaults: TrackDefaults = {
    descriptionIndex: field(TFHD_DESCRIPTION_INDEX) ?? fallback.descriptionIndex,
    duration: field(TFHD_DURATION) ?? fallback.duration,
    size: field(TFHD_SIZE) ?? fallback.size,
    flags: field(TFHD_FLAGS) ?? fallback.flags,
  };
  // A copy of the moov keeps the sample descriptions; one track switching between several of them
  // would need them told apart per chunk, which nothing here does.
  if (defaults.descriptionIndex !== 1) throw new Error(`uses sample description ${defaults.descriptionIndex} of track ${trackId}: only the first is supported`);
  return { trackId, baseDataOffset, defaultBaseIsMoof: (flags & TFHD_DEFAULT_BASE_IS_MOOF) !== 0, defaults };
}

// §8.8.12: baseMediaDecodeTime, 64-bit in version 1.
function readTfdt(body: Buffer): number {
  return body[0] === 1 ? Number(body.readBigUInt64BE(4)) : body.readUInt32BE(4);
}

// §8.8.8: appends a trun's samples. Its data starts at base + data_offset when it has one, else
// right after the previous run's data (or at the base for the first run). Composition offsets are
// unsigned in version 0 and signed in version 1. A sample's flags: its own, else first_sample_flags
// for the first sample, else the tfhd's default, else the trex's (already merged in `defaults`).
function readTrun(body: Buffer, defaults: TrackDefaults, base: number, cursor: { decodeTime: number; position: number }, samples: Sample[]): void {
  const signed = body[0] === 1;
  const flags = body.readUInt32BE(0) & 0xffffff;
  const count = body.readUInt32BE(4);
  let p = 8;
  if (flags & TRUN_DATA_OFFSET) {
    cursor.position = base + body.readInt32BE(p);
    p += 4;
  }
  const firstFlags = flags & TRUN_FIRST_SAMPLE_FLAGS ? body.readUInt32BE(p) : undefined;
  if (firstFlags !== undefined) p += 4;
  const stride = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_COMPOSITION_OFFSET].filter((f) => flags & f).length * 4;
  if (p + count * stride > body.length) throw new Error(`has a track run of ${count} samples that does not fit its box`);
  // Without per-sample fields the box bounds nothing: a fragment holds one GOP, never millions.
  if (count > MAX_RUN_SAMPLES) throw new Error(`has a track run of ${count} samples, more than a fragment can hold`);
  for (let i = 0; i < count; i++, p += stride) {
    let q = p;
    const read = (flag: number): number | undefined => (flags & flag ? body.readUInt32BE((q += 4) - 4) : undefined);
    const duration = read(TRUN_DURATION) ?? defaults.duration;
    const size = read(TRUN_SIZE) ?? defaults.size;
    const sampleFlags = read(TRUN_FLAGS) ?? (i === 0 ? firstFlags : undefined) ?? defaults.flags;
    const offset = read(TRUN_COMPOSITION_OFFSET) ?? 0;
    const compositionOffset = signed ? offset | 0 : offset;
    samples.push({ decodeTime: cursor.decodeTime, duration, size, offset: cursor.position, sync: (sampleFlags & NON_SYNC) === 0, compositionOffset });
    cursor.decodeTime += duration;
    cursor.position += size;
  }
}
