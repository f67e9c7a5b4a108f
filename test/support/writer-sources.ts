// Inputs for the tests of the MP4 writers (regular and fragmented): a source moov with video
// (track 1, 15360 ticks a second) and audio (track 2, 16000), and samples laid out in files.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { childBoxes } from '../../src/mp4/boxes.js';
import type { RegularMp4Spec, SourceSample } from '../../src/mp4/regular-plan.js';
import { buildRegularMp4 } from './regular-mp4.js';

export const SOURCE_MOOV = (() => {
  const file = buildRegularMp4({ videoFrames: 2, audioFrames: 2 });
  const moov = childBoxes(file).find((b) => b.type === 'moov')!;
  return file.subarray(moov.start, moov.start + moov.size);
})();

export const CREATED = new Date('2026-11-30T14:32:05Z');

// Samples laid end to end in `file` from `at`, each `size` bytes and `duration` ticks.
export function run(file: string, at: number, n: number, size: number, duration: number, more: (i: number) => Partial<SourceSample> = () => ({})): SourceSample[] {
  return Array.from({ length: n }, (_, i) => ({ file, offset: at + i * size, size, duration, sync: true, compositionOffset: 0, ...more(i) }));
}

// Two source files of random bytes in `dir`: 110 video samples of 100 kB back to back in one (read
// in spans; a keyframe every `keyframeEvery`), audio samples of 1 kB far apart in the other (read
// one by one); more than a copy batch of each.
export function randomSources(dir: string, keyframeEvery = 1): RegularMp4Spec {
  const [a, b] = [path.join(dir, 'a.bin'), path.join(dir, 'b.bin')];
  writeFileSync(a, randomBytes(12_000_000));
  writeFileSync(b, randomBytes(12_000_000));
  const sample = (file: string, offset: number, size: number, duration: number, sync = true): SourceSample => ({ file, offset, size, duration, sync, compositionOffset: 0 });
  const video = Array.from({ length: 110 }, (_, i) => sample(a, 777 + i * 100_000, 100_000, 1024, i % keyframeEvery === 0));
  const audio = Array.from({ length: 110 }, (_, i) => sample(b, 5 + i * 100_000, 1000, 1000));
  return { moov: SOURCE_MOOV, tracks: [{ trackId: 1, samples: video, edits: [] }, { trackId: 2, samples: audio, edits: [] }], creationTime: CREATED };
}
