// The moov of an MP4 made from the tracks of a source file: headers with new times and durations,
// an edit list per track, and sample tables for the samples chosen (ISO/IEC 14496-12 §8.2.2 mvhd,
// §8.3.2 tkhd, §8.6.6 elst, §8.4.2 mdhd); or, for a fragmented MP4, empty sample tables and an mvex
// (§8.8.2 mehd with the whole duration, §8.8.3 trex), the samples being in the fragments. The
// sample descriptions (stsd), handlers and media headers are the source's, copied.
import { childBoxes, childrenOf, findBox, makeBox, makeFullBox, payload, uint32s, type Box } from './boxes.js';
import { buildSampleTable, type TableChunk, type TableSample } from './sample-table-boxes.js';

export interface Edit {
  mediaTime: number; // media time (track timescale) at which this edit starts showing; -1: an empty edit
  duration: number; // how long it shows, in the track's timescale
}

export interface MoovTrack {
  trackId: number;
  samples: readonly TableSample[];
  chunks: readonly TableChunk[];
  edits: readonly Edit[]; // none: the media is shown from its time 0
}

export interface SourceTrack {
  trak: Box; // inside the source moov
  timescale: number;
  codec: string; // its first sample entry's type: avc1, hvc1, mp4a…
}

const MP4_EPOCH_OFFSET = 2_082_844_800; // seconds from 1904-01-01 to 1970-01-01
export const UNITY_MATRIX = uint32s([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000]);
const U32_MAX = 0xffffffff;

// The trak of `moov` with this track id, or undefined.
export function findSourceTrack(moov: Buffer, trackId: number): SourceTrack | undefined {
  for (const trak of childrenOf(moov, childBoxes(moov)[0]!, 'trak')) {
    const within = (path: string) => payload(moov, findBox(moov, path, trak.start + trak.header, trak.start + trak.size)!);
    const tkhd = within('tkhd');
    if (tkhd.readUInt32BE(tkhd[0] === 1 ? 20 : 12) !== trackId) continue;
    const mdhd = within('mdia/mdhd');
    return { trak, timescale: mdhd.readUInt32BE(mdhd[0] === 1 ? 20 : 12), codec: within('mdia/minf/stbl/stsd').toString('latin1', 12, 16) };
  }
  return undefined;
}

// The movie's timescale: the finest of its tracks', so edits are exact.
export function movieTimescale(timescales: readonly number[]): number {
  return Math.max(...timescales);
}

// The whole moov box. `wide`: chunk offsets as co64. `fragmented`: the samples (and chunks) are in
// movie fragments: the tables are empty, the durations still those of the samples. Throws on a
// track id the source lacks.
export function buildRegularMoov(source: Buffer, tracks: readonly MoovTrack[], creationTime: Date, wide: boolean, fragmented = false): Buffer {
  const found = tracks.map((t) => findSourceTrack(source, t.trackId) ?? missing(t.trackId));
  const scale = movieTimescale(found.map((f) => f.timescale));
  const time = Math.floor(creationTime.getTime() / 1000) + MP4_EPOCH_OFFSET;
  const traks = tracks.map((track, i) => buildTrak(source, found[i]!, track, { scale, time, wide, fragmented }));
  const duration = Math.max(0, ...tracks.map((track, i) => presentedDuration(track, found[i]!.timescale, scale)));
  const nextTrackId = Math.max(...tracks.map((t) => t.trackId)) + 1;
  const mvex = fragmented ? [movieExtends(tracks, duration)] : [];
  return makeBox('moov', mvhd(time, scale, duration, nextTrackId), ...traks, ...mvex);
}

// §8.8.2 mehd: the whole duration (movie timescale); §8.8.3 trex: description 1, no defaults
// (each fragment's track run gives every sample's duration, size and flags).
function movieExtends(tracks: readonly MoovTrack[], duration: number): Buffer {
  const v1 = duration > U32_MAX;
  const trex = tracks.map((t) => makeFullBox('trex', 0, 0, uint32s([t.trackId, 1, 0, 0, 0])));
  return makeBox('mvex', makeFullBox('mehd', v1 ? 1 : 0, 0, times(v1, duration)), ...trex);
}

function missing(trackId: number): never {
  throw new Error(`has no track ${trackId}`);
}

// A field of 32 bits, or 64 when the value needs it (all times of one box in one width).
function times(wide: boolean, ...values: number[]): Buffer {
  if (!wide) return uint32s(values);
  const buf = Buffer.allocUnsafe(8 * values.length);
  values.forEach((v, i) => buf.writeBigUInt64BE(BigInt(v), 8 * i));
  return buf;
}

// §8.2.2: rate 1.0, volume 1.0, the unity matrix.
function mvhd(time: number, scale: number, duration: number, nextTrackId: number): Buffer {
  const v1 = Math.max(time, duration) > U32_MAX;
  const rateVolume = Buffer.from([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // rate, volume, reserved
  return makeFullBox('mvhd', v1 ? 1 : 0, 0, times(v1, time, time), uint32s([scale]), times(v1, duration), rateVolume, UNITY_MATRIX, Buffer.alloc(24), uint32s([nextTrackId]));
}

interface MovieContext {
  scale: number; // movie timescale
  time: number; // creation time, seconds since 1904
  wide: boolean; // co64
  fragmented: boolean; // empty sample tables
}

function buildTrak(source: Buffer, found: SourceTrack, track: MoovTrack, movie: MovieContext): Buffer {
  const within = (path: string) => findBox(source, path, found.trak.start + found.trak.header, found.trak.start + found.trak.size)!;
  const tkhdBox = within('tkhd');
  const tkhd = payload(source, tkhdBox);
  const duration = presentedDuration(track, found.timescale, movie.scale);
  const v1 = Math.max(movie.time, duration) > U32_MAX;
  // After track_ID and the duration, a tkhd's last 60 bytes (layer, volume, matrix, size) are kept.
  const newTkhd = makeFullBox('tkhd', v1 ? 1 : 0, tkhd.readUInt32BE(0) & 0xffffff, times(v1, movie.time, movie.time), uint32s([track.trackId, 0]), times(v1, duration), tkhd.subarray(tkhd.length - 60));
  const edts = track.edits.length > 0 ? [makeBox('edts', editList(track.edits, found.timescale, movie.scale))] : [];
  const minf = within('mdia/minf');
  const keptMinf = childBoxes(source, minf.start + minf.header, minf.start + minf.size).filter((b) => b.type !== 'stbl');
  const stbl = buildSampleTable(bytesOf(source, within('mdia/minf/stbl/stsd')), movie.fragmented ? [] : track.samples, movie.fragmented ? [] : track.chunks, movie.wide);
  const newMinf = makeBox('minf', ...keptMinf.map((b) => bytesOf(source, b)), stbl);
  const mediaDuration = track.samples.reduce((n, s) => n + s.duration, 0);
  const newMdia = makeBox('mdia', mdhd(payload(source, within('mdia/mdhd')), movie.time, found.timescale, mediaDuration), bytesOf(source, within('mdia/hdlr')), newMinf);
  return makeBox('trak', newTkhd, ...edts, newMdia);
}

// §8.4.2: the source's language kept (the last 4 bytes: language and pre_defined).
function mdhd(source: Buffer, time: number, timescale: number, duration: number): Buffer {
  const v1 = Math.max(time, duration) > U32_MAX;
  return makeFullBox('mdhd', v1 ? 1 : 0, 0, times(v1, time, time), uint32s([timescale]), times(v1, duration), source.subarray(source.length - 4));
}

// §8.6.6: segment durations in the movie timescale, media times in the track's, rate 1.
function editList(edits: readonly Edit[], timescale: number, scale: number): Buffer {
  const durations = edits.map((e) => Math.round((e.duration * scale) / timescale)); // as presentedDuration
  const v1 = durations.some((d) => d > U32_MAX) || edits.some((e) => e.mediaTime > 0x7fffffff);
  const entries = edits.map((e, i) => Buffer.concat([times(v1, durations[i]!), v1 ? signed64(e.mediaTime) : uint32s([e.mediaTime]), uint32s([0x10000])]));
  return makeFullBox('elst', v1 ? 1 : 0, 0, uint32s([edits.length]), ...entries);
}

function signed64(value: number): Buffer {
  const buf = Buffer.allocUnsafe(8);
  buf.writeBigInt64BE(BigInt(value));
  return buf;
}

// How long a track shows, in the movie timescale: its edits, or all its media without any.
function presentedDuration(track: MoovTrack, timescale: number, scale: number): number {
  const toMovie = (ticks: number) => Math.round((ticks * scale) / timescale);
  if (track.edits.length === 0) return toMovie(track.samples.reduce((n, s) => n + s.duration, 0));
  return track.edits.reduce((n, e) => n + toMovie(e.duration), 0);
}

function bytesOf(buf: Buffer, box: Box): Buffer {
  return buf.subarray(box.start, box.start + box.size);
}
