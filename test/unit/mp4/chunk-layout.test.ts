import { describe, expect, it } from 'vitest';
import { layOutChunks } from '../../../src/mp4/chunk-layout.js';

// n samples of `duration` ticks and `size` bytes.
const samples = (n: number, duration: number, size: number) => Array.from({ length: n }, () => ({ duration, size }));

describe('layOutChunks', () => {
  it('cuts each track into chunks of about half a second and puts them one after another by time, video first on a tie', () => {
    const video = { timescale: 15360, samples: samples(30, 1024, 100), shift: 0 }; // 15 fps, 2 s
    const audio = { timescale: 16000, samples: samples(32, 1000, 10), shift: 0 }; // 16 per second
    const chunks = layOutChunks([video, audio]);
    expect(chunks.map((c) => [c.track, c.first, c.count])).toEqual([
      [0, 0, 8], [1, 0, 8], [1, 8, 8], [0, 8, 8], [1, 16, 8], [0, 16, 8], [1, 24, 8], [0, 24, 6],
    ]);
    expect(chunks.map((c) => c.offset)).toEqual([0, 800, 880, 960, 1760, 1840, 2640, 2720]);
    expect(chunks.map((c) => c.bytes)).toEqual([800, 80, 80, 800, 80, 800, 80, 600]);
  });

  it('places a track by its edits: one that starts showing later (an empty edit) comes later, one that skips lead-in sooner', () => {
    const late = { timescale: 1000, samples: samples(4, 500, 1), shift: 700 };
    const early = { timescale: 1000, samples: samples(4, 500, 1), shift: 0 };
    expect(layOutChunks([late, early]).map((c) => [c.track, c.first])).toEqual([[1, 0], [1, 1], [0, 0], [1, 2], [0, 1], [1, 3], [0, 2], [0, 3]]);
    const skipping = { timescale: 1000, samples: samples(4, 500, 1), shift: -700 };
    expect(layOutChunks([early, skipping]).map((c) => [c.track, c.first])).toEqual([[1, 0], [1, 1], [0, 0], [1, 2], [0, 1], [1, 3], [0, 2], [0, 3]]);
  });
});
