// Where the samples of a regular MP4 go in its one mdat: each track's samples in chunks of about
// half a second, the chunks of all tracks interleaved by presentation time, so a player reading
// the file front to back (a phone streaming it) finds each second's video and audio side by side.
export interface LayoutTrack {
  timescale: number;
  samples: ReadonlyArray<{ duration: number; size: number }>;
  shift: number; // ticks from the track's media time to the movie's time (empty edits - first media time)
}

export interface LaidOutChunk {
  track: number; // index into the tracks given
  first: number; // index of its first sample
  count: number;
  offset: number; // of its first byte, from the start of the mdat's payload
  bytes: number;
}

export const CHUNK_SECONDS = 0.5;

// The chunks of all tracks in file order, with their offsets.
export function layOutChunks(tracks: readonly LayoutTrack[], chunkSeconds = CHUNK_SECONDS): LaidOutChunk[] {
  const timed = tracks.flatMap((track, index) => chunksOf(track, index, chunkSeconds));
  // Stable: on a tie the track given first comes first.
  timed.sort((a, b) => a.time - b.time);
  let offset = 0;
  return timed.map(({ chunk }) => {
    const placed = { ...chunk, offset };
    offset += chunk.bytes;
    return placed;
  });
}

// One track's chunks, each with the movie time (seconds) at which its first sample is decoded.
function chunksOf(track: LayoutTrack, index: number, chunkSeconds: number): Array<{ time: number; chunk: LaidOutChunk }> {
  const limit = chunkSeconds * track.timescale;
  const out: Array<{ time: number; chunk: LaidOutChunk }> = [];
  let decodeTime = 0;
  let current: { time: number; chunk: LaidOutChunk; length: number } | undefined;
  track.samples.forEach((sample, i) => {
    if (!current || current.length >= limit) {
      current = { time: (decodeTime + track.shift) / track.timescale, chunk: { track: index, first: i, count: 0, offset: 0, bytes: 0 }, length: 0 };
      out.push(current);
    }
    current.chunk.count++;
    current.chunk.bytes += sample.size;
    current.length += sample.duration;
    decodeTime += sample.duration;
  });
  return out.map(({ time, chunk }) => ({ time, chunk }));
}
