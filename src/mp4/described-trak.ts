// Tracks made here rather than copied from a source file (the text track of an export's
// timestamps): a description, and a trak built from it in the shape of a source's — tkhd, and an
// mdia with mdhd, hdlr and a minf holding the media header, dinf and an stbl with only the stsd —
// so the writer takes its headers and sample description as it takes any source track's
// (ISO/IEC 14496-12 §8.3.2 tkhd, §8.4.2 mdhd, §8.4.3 hdlr, §8.7.2 dref, §8.5.2 stsd).
import { childBoxes, makeBox, makeFullBox, payload, uint16s, uint32s } from './boxes.js';
import { findSourceTrack, UNITY_MATRIX } from './regular-moov.js';

export interface TrackDescription {
  handler: string; // hdlr handler_type: 'sbtl', 'text', 'meta'…
  name: string; // hdlr name, for people ("SubtitleHandler")
  timescale: number;
  mediaHeader: Buffer; // the minf's media header box (nmhd, sthd…)
  sampleEntry: Buffer; // the one sample entry of its stsd (tx3g…)
  enabled: boolean; // tkhd track_enabled: players show it without being asked
  alternateGroup: number; // tkhd: tracks that stand in for each other share a group; 0: none
  language?: string; // ISO 639-2/T code; 'und' (undetermined) by default
}

const TRACK_ENABLED = 1;
const TRACK_IN_MOVIE = 2;

// `moov` with a trak appended for each track given a description (`moov` itself when none is).
// Throws on a described track whose id the source already uses.
export function withDescribedTracks(moov: Buffer, tracks: ReadonlyArray<{ trackId: number; track?: TrackDescription }>): Buffer {
  const described = tracks.filter((t) => t.track);
  if (described.length === 0) return moov;
  for (const t of described) if (findSourceTrack(moov, t.trackId)) throw new Error(`track ${t.trackId} is in the source already`);
  const box = childBoxes(moov)[0]!;
  return makeBox('moov', payload(moov, box), ...described.map((t) => describedTrak(t.trackId, t.track!)));
}

// The trak of a described track: no samples, no duration (the writer gives them).
export function describedTrak(trackId: number, d: TrackDescription): Buffer {
  const flags = TRACK_IN_MOVIE | (d.enabled ? TRACK_ENABLED : 0);
  // times, track_ID, reserved, duration; reserved[2], layer, alternate_group, volume, reserved; matrix; width, height
  const tkhd = makeFullBox('tkhd', 0, flags, uint32s([0, 0, trackId, 0, 0, 0, 0]), uint16s([0, d.alternateGroup, 0, 0]), UNITY_MATRIX, uint32s([0, 0]));
  const mdhd = makeFullBox('mdhd', 0, 0, uint32s([0, 0, d.timescale, 0]), uint16s([packLanguage(d.language ?? 'und'), 0]));
  const hdlr = makeFullBox('hdlr', 0, 0, uint32s([0]), Buffer.from(d.handler, 'latin1'), Buffer.alloc(12), Buffer.from(`${d.name}\0`, 'utf8'));
  const dinf = makeBox('dinf', makeFullBox('dref', 0, 0, uint32s([1]), makeFullBox('url ', 0, 1))); // flag 1: the data is in this file
  const stbl = makeBox('stbl', makeFullBox('stsd', 0, 0, uint32s([1]), d.sampleEntry));
  return makeBox('trak', tkhd, makeBox('mdia', mdhd, hdlr, makeBox('minf', d.mediaHeader, dinf, stbl)));
}

// §8.4.2: three letters, 5 bits each, as their code minus 0x60.
function packLanguage(code: string): number {
  if (!/^[a-z]{3}$/.test(code)) throw new Error(`"${code}" is no ISO 639-2 language code`);
  return [...code].reduce((n, c) => (n << 5) | (c.charCodeAt(0) - 0x60), 0);
}
