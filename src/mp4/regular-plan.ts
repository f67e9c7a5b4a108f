// The plan of a regular, "faststart" MP4 made of samples copied from other files (or held in
// memory, as the text of timestamps): the bytes of its head (ftyp, moov, the mdat header) and the
// byte ranges that follow it, in order. The moov comes before the media data, so a player can
// start before it has the whole file.
import { makeBox, mdatHeader, uint32s } from './boxes.js';
import { layOutChunks, type LaidOutChunk } from './chunk-layout.js';
import { coalesceRanges, type Piece } from './copy-ranges.js';
import { withDescribedTracks, type TrackDescription } from './described-trak.js';
import { buildRegularMoov, findSourceTrack, type Edit, type SourceTrack } from './regular-moov.js';

export interface SourceSample {
  file: string; // where its data is ('' when `data` holds it)
  offset: number; // of its data in that file
  size: number;
  duration: number; // in the track's timescale (a gap in the footage: the sample before it lasts longer)
  sync: boolean;
  compositionOffset: number; // presentation time minus decode time
  data?: Buffer; // its bytes, when they are in memory rather than in a file
}

export interface TrackSelection {
  trackId: number; // a track of the source moov (with `track`: the new track's id)
  samples: SourceSample[]; // in decode order; the first is decoded at media time 0
  edits: Edit[]; // media times counted from that first sample's decode time
  track?: TrackDescription; // a track made here, not copied from the source moov
}

export interface RegularMp4Spec {
  moov: Buffer; // a source file's moov: its sample descriptions and track headers are copied
  tracks: TrackSelection[];
  creationTime: Date; // the footage's true start (mvhd, tkhd, mdhd)
}

export interface RegularMp4Plan {
  head: Buffer[]; // ftyp, moov, mdat header
  ranges: Piece[]; // the mdat's payload
  size: number; // of the whole file
}

const U32_MAX = 0xffffffff;

// Throws on a track the moov lacks, a described track whose id it has, or a track without samples.
export function planRegularMp4(spec: RegularMp4Spec): RegularMp4Plan {
  if (spec.tracks.length === 0) throw new Error('nothing to write: no tracks');
  const source = withDescribedTracks(spec.moov, spec.tracks);
  const sources = spec.tracks.map((t) => sourceTrack(source, t));
  const chunks = layOutChunks(spec.tracks.map((t, i) => ({ timescale: sources[i]!.timescale, samples: t.samples, shift: timelineShift(t.edits) })));
  const payload = chunks.reduce((n, c) => n + c.bytes, 0);
  const mdat = mdatHeader(payload);
  const ftyp = buildFtyp(sources, spec.tracks.some((t) => t.samples.some((s) => s.compositionOffset < 0)));
  const moovAt = (dataStart: number, wide: boolean) => buildRegularMoov(source, spec.tracks.map((t, i) => ({ ...t, chunks: chunksOf(chunks, i, dataStart) })), spec.creationTime, wide);
  // The moov's size depends only on whether its chunk offsets are 32 or 64-bit (stco or co64).
  const narrow = moovAt(0, false);
  const wide = ftyp.length + narrow.length + mdat.length + payload > U32_MAX;
  const dataStart = ftyp.length + (wide ? moovAt(0, true) : narrow).length + mdat.length;
  const moov = moovAt(dataStart, wide);
  const ranges = coalesceRanges(chunks.flatMap((c) => spec.tracks[c.track]!.samples.slice(c.first, c.first + c.count)));
  return { head: [ftyp, moov, mdat], ranges, size: dataStart + payload };
}

export function sourceTrack(moov: Buffer, track: TrackSelection): SourceTrack {
  const found = findSourceTrack(moov, track.trackId);
  if (!found) throw new Error(`the source has no track ${track.trackId}`);
  if (track.samples.length === 0) throw new Error(`track ${track.trackId} has no samples to write`);
  const wrong = track.samples.find((s) => s.data && s.data.length !== s.size);
  if (wrong) throw new Error(`track ${track.trackId} has a sample of ${wrong.size} bytes whose data is ${wrong.data!.length}`);
  return found;
}

// Ticks from a track's media time to the movie's: its leading empty edits, less the media time at
// which its first real edit starts.
export function timelineShift(edits: readonly Edit[]): number {
  const first = edits.findIndex((e) => e.mediaTime !== -1);
  const empty = edits.slice(0, first === -1 ? edits.length : first).reduce((n, e) => n + e.duration, 0);
  return empty - (first === -1 ? 0 : edits[first]!.mediaTime);
}

function chunksOf(chunks: readonly LaidOutChunk[], track: number, dataStart: number): Array<{ count: number; offset: number }> {
  return chunks.filter((c) => c.track === track).map((c) => ({ count: c.count, offset: dataStart + c.offset }));
}

// §4.3: brand isom as FFmpeg's plain MP4 has it, iso4 for signed composition offsets (ctts
// version 1), avc1 with H.264, hvc1 with an hvc1 track (as GPAC's MP4Box brands them).
function buildFtyp(tracks: readonly SourceTrack[], signedOffsets: boolean): Buffer {
  const has = (...codecs: string[]) => tracks.some((t) => codecs.includes(t.codec));
  const brands = ['isom', 'iso2', ...(signedOffsets ? ['iso4'] : []), ...(has('avc1', 'avc3') ? ['avc1'] : []), ...(has('hvc1') ? ['hvc1'] : []), 'mp41'];
  return makeBox('ftyp', Buffer.from('isom'), uint32s([0x200]), Buffer.from(brands.join(''), 'latin1'));
}

