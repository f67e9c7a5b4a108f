// The plan of a fragmented MP4 made of samples copied from other files: ftyp and a moov without
// samples (headers, edit lists, mvex), then one movie fragment (moof + mdat) per group of pictures
// of the first track (a video track: keyframe to keyframe), holding the other tracks' samples of
// the same span of time. It is written front to back without ever going back, so it can go to a
// pipe, and a file cut short still plays up to its last whole fragment. No mfra index at the end:
// players find the fragments by reading the moof boxes (FFmpeg reads the mfra only when asked to,
// browsers never), and a file cut short or streamed would not have it anyway.
import { makeBox, uint32s } from './boxes.js';
import { coalesceRanges, type Piece } from './copy-ranges.js';
import { buildFragmentHead, type TrackFragment } from './fragment-boxes.js';
import { withDescribedTracks } from './described-trak.js';
import { buildRegularMoov } from './regular-moov.js';
import { sourceTrack, timelineShift, type RegularMp4Spec, type SourceSample, type TrackSelection } from './regular-plan.js';

export interface PlannedFragment {
  head: Buffer; // moof and mdat header
  data: Piece[]; // the mdat's payload: each track's samples of the fragment in turn
  start: number; // seconds of movie time at which its first track's first sample is decoded
}

export interface FragmentedMp4Plan {
  head: Buffer[]; // ftyp, moov
  fragments: PlannedFragment[];
  size: number; // of the whole file
}

// A new fragment starts at a keyframe once the current one lasts this long: a fragment per GOP,
// but not per frame of a stream made only of keyframes (or audio alone).
export const MIN_FRAGMENT_SECONDS = 0.5;

// Throws on a track the moov lacks or a track without samples.
export function planFragmentedMp4(spec: RegularMp4Spec): FragmentedMp4Plan {
  if (spec.tracks.length === 0) throw new Error('nothing to write: no tracks');
  const source = withDescribedTracks(spec.moov, spec.tracks); // and the tracks made here (timestamps)
  const timescales = spec.tracks.map((t) => sourceTrack(source, t).timescale);
  const timed = spec.tracks.map((t, i) => timeSamples(t, timescales[i]!));
  const starts = fragmentStarts(timed[0]!);
  const perTrack = timed.map((samples, i) => (i === 0 ? cutAt(samples, starts) : cutAtTimes(samples, starts.map((s) => timed[0]![s]!.at))));
  const moov = buildRegularMoov(source, spec.tracks.map((t) => ({ ...t, chunks: [] })), spec.creationTime, false, true);
  const head = [buildFtyp(), moov];
  const fragments = starts.map((first, f) => {
    const tracks = spec.tracks.map((t, i) => ({ track: t, part: perTrack[i]![f]! })).filter(({ part }) => part.count > 0);
    const fragmentTracks: TrackFragment[] = tracks.map(({ track, part }) => ({ trackId: track.trackId, decodeTime: part.decodeTime, samples: track.samples.slice(part.first, part.first + part.count) }));
    const data = tracks.flatMap(({ track, part }) => sampleData(track.samples.slice(part.first, part.first + part.count)));
    return { head: buildFragmentHead(f + 1, fragmentTracks), data, start: timed[0]![first]!.at };
  });
  const bytes = (pieces: readonly Piece[]) => pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.size), 0);
  const size = bytes(head) + fragments.reduce((n, f) => n + f.head.length + bytes(f.data), 0);
  return { head, fragments, size };
}

// The bytes of samples, in order: the one place that says where a sample's data is.
function sampleData(samples: readonly SourceSample[]): Piece[] {
  return coalesceRanges(samples);
}

interface TimedSample {
  decodeTime: number; // ticks from the track's first sample
  at: number; // seconds of movie time at which it is decoded (its edits applied)
  sync: boolean;
}

function timeSamples(track: TrackSelection, timescale: number): TimedSample[] {
  const shift = timelineShift(track.edits);
  let decodeTime = 0;
  return track.samples.map((s) => {
    const timed = { decodeTime, at: (decodeTime + shift) / timescale, sync: s.sync };
    decodeTime += s.duration;
    return timed;
  });
}

// Indexes of the first track's samples that start a fragment: its first sample, then each
// keyframe at least MIN_FRAGMENT_SECONDS after the start of the fragment before.
function fragmentStarts(samples: readonly TimedSample[]): number[] {
  const starts = [0];
  samples.forEach((s, i) => {
    if (i > 0 && s.sync && s.at - samples[starts.at(-1)!]!.at >= MIN_FRAGMENT_SECONDS) starts.push(i);
  });
  return starts;
}

interface Part {
  first: number;
  count: number;
  decodeTime: number;
}

// The parts of a track cut before the given sample indexes (the first is 0).
function cutAt(samples: readonly TimedSample[], starts: readonly number[]): Part[] {
  return starts.map((first, f) => ({ first, count: (starts[f + 1] ?? samples.length) - first, decodeTime: samples[first]!.decodeTime }));
}

// The parts of a track by time: a sample goes into the last fragment starting at or before the
// instant it is decoded (the first fragment takes any before it, the last any after).
function cutAtTimes(samples: readonly TimedSample[], times: readonly number[]): Part[] {
  let next = 0;
  return times.map((_, f) => {
    const first = next;
    const until = times[f + 1] ?? Infinity;
    while (next < samples.length && samples[next]!.at < until) next++;
    return { first, count: next - first, decodeTime: samples[first]?.decodeTime ?? 0 };
  });
}

// §4.3, as FFmpeg's fragmented MP4 has it: iso5 (default-base-is-moof, tfdt), iso6 (signed
// composition offsets in trun version 1), mp41.
function buildFtyp(): Buffer {
  return makeBox('ftyp', Buffer.from('iso5'), uint32s([0x200]), Buffer.from('iso5iso6mp41', 'latin1'));
}
