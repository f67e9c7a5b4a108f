// The shell of hvc1-moov.ts for an export: its H.265 tracks become 'hvc1', reading the keyframe
// whose in-band parameter sets an hvcC lacks.
import { open } from 'node:fs/promises';
import { hvc1Moov, tracksNeedingKeyframe } from '../mp4/hvc1-moov.js';
import type { SourceSample, TrackSelection } from '../mp4/write-regular.js';

// H.265 as 'hvc1' (hvc1-moov.ts), which Apple's players take rather than the 'hev1' FFmpeg
// records; a parameter set an hvcC lacks is read from the track's first keyframe, which holds it in band.
export async function appleReadyMoov(moov: Buffer, tracks: readonly TrackSelection[]): Promise<Buffer> {
  const keyframes = new Map<number, Buffer>();
  for (const id of tracksNeedingKeyframe(moov)) {
    const key = tracks.find((t) => t.trackId === id)?.samples.find((s) => s.sync);
    if (key) keyframes.set(id, await readSampleBytes(key));
  }
  return hvc1Moov(moov, keyframes);
}

async function readSampleBytes({ file, offset, size }: SourceSample): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(size), 0, size, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
