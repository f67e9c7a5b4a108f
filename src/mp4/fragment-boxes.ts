// The boxes of one movie fragment as a writer makes them: a moof whose track fragments each give
// every sample's duration, size, flags and composition offset, and the header of the mdat after
// it (ISO/IEC 14496-12 §8.8.4 moof, §8.8.5 mfhd, §8.8.7 tfhd, §8.8.12 tfdt, §8.8.8 trun).
import { makeBox, makeFullBox, mdatHeader, uint32s, uint64 } from './boxes.js';

export interface FragmentSample {
  duration: number; // in the track's timescale
  size: number;
  sync: boolean;
  compositionOffset: number;
}

export interface TrackFragment {
  trackId: number;
  decodeTime: number; // of its first sample: the durations of the track's samples before it (tfdt)
  samples: readonly FragmentSample[];
}

const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIELDS = 0x100 | 0x200 | 0x400; // duration, size, flags
const TRUN_COMPOSITION_OFFSET = 0x800;
// Sample flags (§8.8.3.1) as FFmpeg writes them: a keyframe depends on no other sample; any other
// depends on others and is not a sync sample.
const SYNC_FLAGS = 0x02000000;
const NON_SYNC_FLAGS = 0x01010000;
const I32_MAX = 0x7fffffff;

// moof then the mdat header, as one buffer: the track fragments' data follows in the mdat in the
// order given, each track's samples back to back. `sequence`: 1 for the first fragment, then 2…
export function buildFragmentHead(sequence: number, tracks: readonly TrackFragment[]): Buffer {
  const payload = tracks.reduce((n, t) => n + t.samples.reduce((m, s) => m + s.size, 0), 0);
  const mdat = mdatHeader(payload);
  // The data offsets count from the moof's first byte (default-base-is-moof); its size does not
  // depend on their values, so it is built once to be measured.
  const moofSize = moof(sequence, tracks, 0).length;
  const head = Buffer.concat([moof(sequence, tracks, moofSize + mdat.length), mdat]);
  if (head.length + payload > I32_MAX) throw new Error(`a fragment of ${head.length + payload} bytes is too large for its track runs' 32-bit data offsets`);
  return head;
}

function moof(sequence: number, tracks: readonly TrackFragment[], dataStart: number): Buffer {
  let offset = dataStart;
  const trafs = tracks.map((t) => {
    const traf = trackFragment(t, offset);
    offset += t.samples.reduce((n, s) => n + s.size, 0);
    return traf;
  });
  return makeBox('moof', makeFullBox('mfhd', 0, 0, uint32s([sequence])), ...trafs);
}

function trackFragment(track: TrackFragment, dataOffset: number): Buffer {
  const tfhd = makeFullBox('tfhd', 0, TFHD_DEFAULT_BASE_IS_MOOF, uint32s([track.trackId]));
  const tfdt = makeFullBox('tfdt', 1, 0, uint64(track.decodeTime));
  return makeBox('traf', tfhd, tfdt, trackRun(track.samples, dataOffset));
}

// One trun for the track fragment: version 1 (signed composition offsets) when one is negative,
// composition offsets only when one is not 0.
function trackRun(samples: readonly FragmentSample[], dataOffset: number): Buffer {
  const offsets = samples.some((s) => s.compositionOffset !== 0);
  const signed = samples.some((s) => s.compositionOffset < 0);
  const fields = samples.flatMap((s) => [s.duration, s.size, s.sync ? SYNC_FLAGS : NON_SYNC_FLAGS, ...(offsets ? [s.compositionOffset] : [])]);
  const flags = TRUN_DATA_OFFSET | TRUN_FIELDS | (offsets ? TRUN_COMPOSITION_OFFSET : 0);
  return makeFullBox('trun', signed ? 1 : 0, flags, uint32s([samples.length, dataOffset, ...fields]));
}

