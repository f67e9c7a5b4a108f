// The sample tables of a regular (non-fragmented) MP4's track: how many samples, how long they last,
// where its media data is, and the empty edit before it (ISO/IEC 14496-12 §8.6.1.2 stts, §8.7.3
// stsz, §8.7.5 stco/co64, §8.6.6 elst). This is how FFmpeg's plain `-f mp4` and `-f segment`
// write files: one moov describing every sample, and the samples in mdat.
import { findBox, payload, type Box } from './boxes.js';

export interface SampleTables {
  samples: number; // stsz sample count
  duration: number; // sum of the stts sample durations, in the track's timescale
  bytes: number; // sum of the sample sizes
  chunkOffsets: number[]; // file offset of each chunk (stco or co64)
  emptyEdit: number; // an elst empty edit at the start (footage starts this late), in the track's timescale
}

// Reads the tables of one trak of `moov` (the whole moov box); throws when one is missing.
export function readSampleTables(moov: Buffer, trak: Box, timescale: number, movieTimescale: number): SampleTables {
  const within = (path: string) => findBox(moov, path, trak.start + trak.header, trak.start + trak.size);
  const stts = within('mdia/minf/stbl/stts');
  const stsz = within('mdia/minf/stbl/stsz');
  const chunks = within('mdia/minf/stbl/stco') ?? within('mdia/minf/stbl/co64');
  if (!stts || !stsz || !chunks) throw new Error('has a track without sample tables (stts, stsz, stco)');
  const time = readStts(payload(moov, stts));
  const sizes = readStsz(payload(moov, stsz));
  if (time.count !== sizes.count) throw new Error(`has a track whose tables disagree: ${time.count} durations for ${sizes.count} samples`);
  const elst = within('edts/elst');
  const emptyEdit = elst ? Math.round((readEmptyEdit(payload(moov, elst)) * timescale) / movieTimescale) : 0;
  return { samples: sizes.count, duration: time.duration, bytes: sizes.bytes, chunkOffsets: readChunkOffsets(payload(moov, chunks), chunks.type === 'co64'), emptyEdit };
}

function readStts(body: Buffer): { count: number; duration: number } {
  let count = 0;
  let duration = 0;
  for (let i = 0, p = 8; i < body.readUInt32BE(4); i++, p += 8) {
    count += body.readUInt32BE(p);
    duration += body.readUInt32BE(p) * body.readUInt32BE(p + 4);
  }
  return { count, duration };
}

function readStsz(body: Buffer): { count: number; bytes: number } {
  const fixed = body.readUInt32BE(4);
  const count = body.readUInt32BE(8);
  if (fixed !== 0) return { count, bytes: fixed * count };
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += body.readUInt32BE(12 + 4 * i);
  return { count, bytes };
}

function readChunkOffsets(body: Buffer, wide: boolean): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < body.readUInt32BE(4); i++) offsets.push(wide ? Number(body.readBigUInt64BE(8 + 8 * i)) : body.readUInt32BE(8 + 4 * i));
  return offsets;
}

// The duration (movie timescale) of the empty edits (media_time -1) before the first real one.
function readEmptyEdit(body: Buffer): number {
  const wide = body[0] === 1;
  let empty = 0;
  for (let i = 0, p = 8; i < body.readUInt32BE(4); i++, p += wide ? 20 : 12) {
    const duration = wide ? Number(body.readBigUInt64BE(p)) : body.readUInt32BE(p);
    const mediaTime = wide ? Number(body.readBigInt64BE(p + 8)) : body.readInt32BE(p + 4);
    if (mediaTime !== -1) break;
    empty += duration;
  }
  return empty;
}
