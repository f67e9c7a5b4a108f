// The tracks of a regular (non-fragmented) MP4 from its sample tables: where each starts and ends,
// and a check that the samples the moov lists lie in the file's media data.
import type { Box } from './boxes.js';
import { childBoxes, childrenOf, findBox, payload } from './boxes.js';
import type { TrackInfo } from './inspect.js';
import { readSampleTables } from './sample-tables.js';

// Fills in each track's start (its empty edit) and end (start + its samples' durations), in place;
// throws when the tables point outside the file's mdat boxes or list more bytes than they hold.
export function readRegularTracks(moov: Buffer, top: Box[], tracks: TrackInfo[]): void {
  const movieTimescale = readMovieTimescale(moov);
  const mdats = top.filter((b) => b.type === 'mdat');
  const room = mdats.reduce((n, b) => n + b.size - b.header, 0);
  let bytes = 0;
  const traks = childrenOf(moov, childBoxes(moov)[0]!, 'trak');
  for (const [i, trak] of traks.entries()) {
    const track = tracks[i]!;
    const tables = readSampleTables(moov, trak, track.timescale, movieTimescale);
    const outside = tables.chunkOffsets.find((o) => !mdats.some((b) => o >= b.start + b.header && o < b.start + b.size));
    if (outside !== undefined) throw new Error(`has a ${track.kind} sample at byte ${outside}, outside its media data (file cut off?)`);
    bytes += tables.bytes;
    track.start = tables.emptyEdit;
    track.end = tables.samples > 0 ? tables.emptyEdit + tables.duration : 0;
  }
  if (bytes > room) throw new Error(`lists ${bytes} bytes of samples but its media data holds ${room} (file cut off?)`);
}

function readMovieTimescale(moov: Buffer): number {
  const mvhd = payload(moov, findBox(moov, 'moov/mvhd')!);
  return mvhd.readUInt32BE(mvhd[0] === 1 ? 20 : 12);
}
