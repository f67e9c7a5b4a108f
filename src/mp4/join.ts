// Joins fragmented MP4 files with the same codec setup into one, by copying their fragments
// and shifting their timestamps: no demuxing, no decoding, so it runs at the speed of the disk.
//
// Timing: each part's video starts where the previous part's video ended, so the video is
// continuous and the result lasts exactly the sum of the parts' video durations. Audio keeps its
// place relative to the video of its part: a segment's audio runs past its video (the audio
// frames the camera sent before the next keyframe), and FFmpeg starts the next segment's audio
// at 0 by stretching its first frame; that stretch (the lead-in) is taken back out, so the audio
// frames follow each other with neither gap nor overlap, as the camera sent them.
import { open } from 'node:fs/promises';
import { parseFragment, setBaseTime } from './fragment.js';
import type { Mp4Info, TrackInfo } from './inspect.js';
import { setCreationTime } from './moov.js';
import { encodeManifest, type Manifest } from './manifest.js';

export interface JoinResult {
  videoDuration: number; // seconds
  bytes: number;
}

// Writes `parts` (same formatKey, in time order) joined into `output`, a new file, and fsyncs it.
export async function joinMp4(parts: Mp4Info[], output: string, manifest: Manifest): Promise<JoinResult> {
  const first = parts[0];
  if (!first) throw new Error('nothing to join');
  const regular = parts.find((p) => p.layout !== 'fragmented');
  if (regular) throw new Error(`${regular.file} is a regular MP4: remux it into a fragmented one first`);
  const video = first.tracks.find((t) => t.kind === 'video')!;
  const moov = Buffer.from(first.moov);
  setCreationTime(moov, new Date(manifest.start));
  const out = await open(output, 'wx');
  try {
    let position = (await out.write(first.ftyp)).bytesWritten;
    position += (await out.write(moov)).bytesWritten;
    position += (await out.write(encodeManifest(manifest))).bytesWritten;
    const ends = new Map<number, number>();
    let sequence = 1;
    let scratch = Buffer.allocUnsafeSlow(0); // reused between parts: no zero-filling, little garbage
    let videoOffset = 0;
    for (const part of parts) {
      if (part.formatKey !== first.formatKey) throw new Error(`${part.file} has other codec parameters than ${first.file}`);
      const deltas = trackDeltas(part.tracks, videoOffset, video.timescale, ends);
      const seen = new Set<number>();
      if (scratch.length < spanOf(part)) scratch = Buffer.allocUnsafeSlow(spanOf(part) * 2);
      const chunks = await readFragments(part, scratch);
      for (const chunk of chunks) shiftFragment(chunk, { sequence: sequence++, deltas, tracks: part.tracks, seen });
      const expected = chunks.reduce((n, c) => n + c.length, 0);
      const { bytesWritten } = await out.writev(chunks);
      if (bytesWritten !== expected) throw new Error(`short write: ${bytesWritten} of ${expected} bytes`);
      position += bytesWritten;
      for (const track of part.tracks) ends.set(track.id, track.end + deltas.get(track.id)!);
      videoOffset += part.tracks.find((t) => t.kind === 'video')!.end;
    }
    await out.sync();
    return { videoDuration: videoOffset / video.timescale, bytes: position };
  } finally {
    await out.close();
  }
}

// Bytes from a part's first fragment to the end of its last.
function spanOf(part: Mp4Info): number {
  const last = part.fragments.at(-1)!;
  return last.start + last.size + last.mdatSize - part.fragments[0]!.start;
}

// Reads a part's fragments (each moof with its mdat) into scratch in one read; one view per fragment.
async function readFragments(part: Mp4Info, scratch: Buffer): Promise<Buffer[]> {
  const origin = part.fragments[0]!.start;
  const input = await open(part.file, 'r');
  try {
    const { bytesRead } = await input.read(scratch, 0, spanOf(part), origin);
    if (bytesRead !== spanOf(part)) throw new Error(`${part.file} changed while it was being joined`);
  } finally {
    await input.close();
  }
  return part.fragments.map((f) => scratch.subarray(f.start - origin, f.start - origin + f.size + f.mdatSize));
}

// How far each track of a part moves: video to where the previous video ended; other tracks to
// the same instant in their timescale, but never back over the end of their own previous part.
function trackDeltas(tracks: TrackInfo[], videoOffset: number, videoScale: number, ends: Map<number, number>): Map<number, number> {
  const deltas = new Map<number, number>();
  for (const track of tracks) {
    const aligned = Math.round((videoOffset * track.timescale) / videoScale);
    const previousEnd = ends.get(track.id) ?? 0;
    deltas.set(track.id, track.kind === 'video' ? videoOffset : Math.max(aligned, previousEnd - track.start));
  }
  return deltas;
}

interface ShiftOptions {
  sequence: number;
  deltas: Map<number, number>;
  tracks: TrackInfo[];
  seen: Set<number>; // tracks whose first run in this part was handled
}

// Rewrites, in place, a fragment's sequence number and each track's decode time; removes the
// lead-in from the first sample of each track of the part.
function shiftFragment(bytes: Buffer, options: ShiftOptions): void {
  const moofSize = bytes.readUInt32BE(0);
  const moof = bytes.subarray(0, moofSize); // shares memory: edits land in `bytes`
  const info = parseFragment(moof, new Map());
  moof.writeUInt32BE(options.sequence, info.sequenceAt);
  for (const run of info.runs) {
    const track = options.tracks.find((t) => t.id === run.trackId);
    let base = run.baseTime + (options.deltas.get(run.trackId) ?? 0);
    if (track && !options.seen.has(track.id) && run.durations.length > 0) {
      options.seen.add(track.id);
      if (track.leadIn > 0 && run.firstDurationAt !== undefined) {
        base += track.leadIn;
        moof.writeUInt32BE(run.durations[0]! - track.leadIn, run.firstDurationAt);
      }
    }
    setBaseTime(moof, run, base);
  }
}
