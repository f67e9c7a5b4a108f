// The init part of a fragmented MP4 (the moov box): its tracks, their default sample durations,
// a key for the codec setup, and the creation time (ISO/IEC 14496-12 §8.2-8.8).
import { createHash } from 'node:crypto';
import { childBoxes, childrenOf, findBox, payload } from './boxes.js';
import type { TrackInfo } from './inspect.js';
import { normalizedSampleDescription } from './sample-description.js';

const MP4_EPOCH_OFFSET = 2_082_844_800; // seconds from 1904-01-01 to 1970-01-01

// The tracks a moov declares, before their fragments are read (start -1, end 0).
export function readTracks(moov: Buffer): TrackInfo[] {
  const root = childBoxes(moov)[0]!;
  return childrenOf(moov, root, 'trak').map((trak) => {
    const within = (path: string) => findBox(moov, path, trak.start + trak.header, trak.start + trak.size);
    const tkhd = payload(moov, within('tkhd')!);
    const mdhd = payload(moov, within('mdia/mdhd')!);
    const handler = payload(moov, within('mdia/hdlr')!).toString('latin1', 8, 12);
    const entry = payload(moov, within('mdia/minf/stbl/stsd')!).subarray(8);
    const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
    const track: TrackInfo = {
      id: tkhd.readUInt32BE(tkhd[0] === 1 ? 20 : 12),
      kind,
      codec: entry.toString('latin1', 4, 8),
      timescale: mdhd.readUInt32BE(mdhd[0] === 1 ? 20 : 12),
      start: -1,
      end: 0,
      leadIn: 0,
      samples: 0,
    };
    if (kind === 'video') Object.assign(track, { width: entry.readUInt16BE(32), height: entry.readUInt16BE(34) });
    return track;
  });
}

// The defaults a track's fragments fall back on (trex, ISO/IEC 14496-12 §8.8.3): sample description
// index, duration, size and flags.
export interface TrackDefaults {
  descriptionIndex: number;
  duration: number;
  size: number;
  flags: number;
}

// Each track's trex defaults, by track id (none without mvex: not a fragmented file).
export function trexDefaults(moov: Buffer): Map<number, TrackDefaults> {
  const mvex = findBox(moov, 'moov/mvex');
  const map = new Map<number, TrackDefaults>();
  if (!mvex) return map;
  for (const trex of childrenOf(moov, mvex, 'trex')) {
    const body = payload(moov, trex);
    const [descriptionIndex, duration, size, flags] = [8, 12, 16, 20].map((at) => body.readUInt32BE(at)) as [number, number, number, number];
    map.set(body.readUInt32BE(4), { descriptionIndex, duration, size, flags });
  }
  return map;
}

// Each track's default sample duration (trex), used where fragments give none.
export function trexDurations(moov: Buffer): Map<number, number> {
  return new Map([...trexDefaults(moov)].map(([id, defaults]) => [id, defaults.duration]));
}

// A hash of each track's id, handler, timescale and sample description (codec, size, SPS/PPS…),
// the same for a fragmented and a regular file of one codec setup (the bitrate hints a plain muxer
// measures per file are left out: see sample-description.ts).
export function formatKey(moov: Buffer): string {
  const hash = createHash('sha1');
  const root = childBoxes(moov)[0]!;
  for (const trak of childrenOf(moov, root, 'trak')) {
    const body = (path: string) => payload(moov, findBox(moov, path, trak.start + trak.header, trak.start + trak.size)!);
    // tkhd and mdhd carry times that change from file to file: hash their id / timescale only.
    const [tkhd, mdhd, hdlr] = [body('tkhd'), body('mdia/mdhd'), body('mdia/hdlr')];
    hash.update(tkhd.subarray(tkhd[0] === 1 ? 20 : 12, tkhd[0] === 1 ? 24 : 16));
    hash.update(mdhd.subarray(mdhd[0] === 1 ? 20 : 12, mdhd[0] === 1 ? 24 : 16));
    hash.update(hdlr);
    hash.update(normalizedSampleDescription(body('mdia/minf/stbl/stsd'), hdlr.toString('latin1', 8, 12)));
  }
  return hash.digest('hex').slice(0, 12);
}

// The mvhd creation time, when one was set.
export function readCreationTime(moov: Buffer): Date | undefined {
  const mvhd = payload(moov, findBox(moov, 'moov/mvhd')!);
  const seconds = mvhd[0] === 1 ? Number(mvhd.readBigUInt64BE(4)) : mvhd.readUInt32BE(4);
  return seconds > MP4_EPOCH_OFFSET ? new Date((seconds - MP4_EPOCH_OFFSET) * 1000) : undefined;
}

// Writes a creation time (and the same modification time) into an mvhd, in place.
export function setCreationTime(moov: Buffer, date: Date): void {
  const mvhd = findBox(moov, 'moov/mvhd')!;
  const at = mvhd.start + mvhd.header;
  const seconds = Math.floor(date.getTime() / 1000) + MP4_EPOCH_OFFSET;
  if (moov[at] === 1) {
    moov.writeBigUInt64BE(BigInt(seconds), at + 4);
    moov.writeBigUInt64BE(BigInt(seconds), at + 12);
  } else {
    moov.writeUInt32BE(seconds, at + 4);
    moov.writeUInt32BE(seconds, at + 8);
  }
}
