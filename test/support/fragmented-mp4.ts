// Small fragmented MP4 files for unit tests, written by our own fragmented writer from filler
// samples: video at 15 frames a second (1024 ticks of 15360) with a keyframe every `keyframeEvery`
// frames, so a fragment per keyframe, and audio (1000 ticks of 16000) beside it. Nothing is decoded.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFragmentedMp4 } from '../../src/mp4/write-fragmented.js';
import { CREATED, SOURCE_MOOV, run } from './writer-sources.js';

export interface FragmentedSpec {
  frames: number; // video frames
  keyframeEvery?: number; // 15: a fragment a second
  frameBytes?: (i: number) => number; // each video frame's size (default 1000)
  audio?: boolean; // default true
}

// Writes `file` (its folder must exist); returns its size in bytes.
export async function writeFragmentedFile(file: string, spec: FragmentedSpec): Promise<number> {
  const source = path.join(path.dirname(file), `.${path.basename(file)}.source`);
  const sizes = Array.from({ length: spec.frames }, (_, i) => spec.frameBytes?.(i) ?? 1000);
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  writeFileSync(source, Buffer.alloc(offsets.at(-1)! + sizes.at(-1)! + 200 * 64, 7));
  const every = spec.keyframeEvery ?? 15;
  const video = run(source, 0, spec.frames, 1000, 1024, (i) => ({ offset: offsets[i]!, size: sizes[i]!, sync: i % every === 0 }));
  const audioStart = offsets.at(-1)! + sizes.at(-1)!;
  const audio = run(source, audioStart, Math.floor((spec.frames * 1024 * 16000) / 15360 / 1000), 64, 1000);
  const tracks = [{ trackId: 1, samples: video, edits: [] }, ...(spec.audio === false ? [] : [{ trackId: 2, samples: audio, edits: [] }])];
  const { bytes } = await writeFragmentedMp4({ moov: SOURCE_MOOV, tracks, creationTime: CREATED }, file);
  return bytes;
}
