import { describe, expect, it } from 'vitest';
import { planExport, type ExportSource } from '../../../src/export/plan.js';
import type { TrackInfo } from '../../../src/mp4/inspect.js';
import type { Sample } from '../../../src/mp4/samples.js';

const T = Date.UTC(2026, 10, 30, 9, 0, 0);
const VIDEO: TrackInfo = { id: 1, kind: 'video', codec: 'avc1', timescale: 15360, start: 0, end: 0, leadIn: 0, samples: 0 };
const AUDIO: TrackInfo = { id: 2, kind: 'audio', codec: 'mp4a', timescale: 16000, start: 0, end: 0, leadIn: 0, samples: 0 };

// A file of `frames` video frames at 15 fps (a keyframe every 15) and its AAC frames, starting at `start`.
function source(file: string, start: number, frames: number, audioFrames = Math.floor((frames / 15) * (16000 / 1024))): ExportSource {
  const video: Sample[] = Array.from({ length: frames }, (_, i) => ({ decodeTime: i * 1024, duration: 1024, size: 100, offset: 1000 + i * 100, sync: i % 15 === 0, compositionOffset: 0 }));
  const audio: Sample[] = Array.from({ length: audioFrames }, (_, i) => ({ decodeTime: i * 1024, duration: 1024, size: 10, offset: 90_000 + i * 10, sync: true, compositionOffset: 0 }));
  return { file, start, tracks: [VIDEO, AUDIO], samples: new Map([[1, video], [2, audio]]) };
}

describe('the export plan', () => {
  const a = source('/a.mp4', T, 60); // 0–4 s
  const b = source('/b.mp4', T + 10_000, 30); // 10–12 s: a gap of 6 s

  it('starts decoding at the keyframe before --from and hides the lead-in with an edit; ends with the last frame before --to', () => {
    const plan = planExport([a, b], T + 1500, T + 11_000)!;
    const [video, audio] = plan.tracks;
    expect(video!.samples[0]).toMatchObject({ file: '/a.mp4', offset: 1000 + 15 * 100, sync: true }); // frame 15, at 1.0 s
    expect(video!.edits).toEqual([{ mediaTime: 7680, duration: 9.5 * 15360 }]); // 0.5 s of lead-in hidden
    expect(video!.samples.at(-1)).toMatchObject({ file: '/b.mp4', offset: 1000 + 14 * 100 }); // 10.933 s
    expect(plan).toMatchObject({ start: T + 1500, end: T + 11_000 });
    expect(audio!.edits[0]!.duration).toBe(9.5 * 16000);
  });

  it('keeps a gap at its true length: the last frame before it lasts until the next run', () => {
    const video = planExport([a, b], T + 1500, T + 11_000)!.tracks[0]!;
    const lastOfA = video.samples.findLastIndex((s) => s.file === '/a.mp4');
    const total = (n: number) => video.samples.slice(0, n).reduce((sum, s) => sum + s.duration, 0);
    expect(total(lastOfA + 1) / 15360).toBeCloseTo(10 - 1, 3); // from 1.0 s (the keyframe) to 10.0 s, where b starts
    expect(video.samples[lastOfA]!.duration).toBe(Math.round(((10_000 - 3933.333) * 15360) / 1000));
  });

  it('keeps a gap to the nearest whole frame (so FFmpeg guesses the frame rate right) and moves the audio after it by as much', () => {
    const late = source('/late.mp4', T + 10_020, 30); // 10.02 s: 91.3 frames after a's last one starts
    const [video, audio] = planExport([a, late], T + 1500, T + 11_000)!.tracks;
    const lastOf = (samples: Array<{ file: string }>) => samples.findLastIndex((s) => s.file === '/a.mp4');
    expect(video!.samples[lastOf(video!.samples)]!.duration).toBe(91 * 1024); // 6.0667 s, not 6.0867 s
    expect(video!.samples.every((s) => s.duration % 1024 === 0)).toBe(true);
    // After the gap, audio and video start together, 20 ms before late's true start: 10 s - 1.5 s into the file.
    const inFile = (track: typeof video, timescale: number) => (track!.samples.slice(0, lastOf(track!.samples) + 1).reduce((n, s) => n + s.duration, 0) - track!.edits[0]!.mediaTime) / timescale;
    const videoAt = inFile(video, 15360);
    const audioAt = inFile(audio, 16000);
    expect(videoAt).toBeCloseTo(8.5, 3);
    expect(audioAt).toBeCloseTo(videoAt, 3);
  });

  it('joins files that follow each other as their media says, even when their index times differ by a frame', () => {
    const next = source('/c.mp4', T + 4000 + 30, 30); // 30 ms after a's end: not a gap
    const video = planExport([a, next], T, T + 6000)!.tracks[0]!;
    expect(video.samples.every((s) => s.duration === 1024)).toBe(true);
  });

  it('has nothing to plan when no frame falls in the range', () => {
    expect(planExport([a], T + 5000, T + 6000)).toBeUndefined();
    expect(planExport([], T, T + 1000)).toBeUndefined();
  });
});

describe('the export plan: audio across joins', () => {
  it('takes each file\'s audio lead-in back out, so audio does not drift later at every join', () => {
    // As FFmpeg cuts segments: 32 AAC frames (2.048 s) whose first is stretched by 48 ms before its sound.
    const withLeadIn = (s: ExportSource): ExportSource => ({ ...s, tracks: [VIDEO, { ...AUDIO, leadIn: 768 }] });
    const files = Array.from({ length: 30 }, (_, i) => withLeadIn(source(`/s${i}.mp4`, T + i * 2000, 30, 32)));
    const plan = planExport(files, T, T + 60_000)!;
    const total = (k: number) => plan.tracks[k]!.samples.reduce((sum, s) => sum + s.duration, 0);
    expect(total(0) / 15360).toBeCloseTo(60, 3);
    expect(Math.abs(total(1) / 16000 - total(0) / 15360)).toBeLessThan(0.07); // within one audio frame of the video
  });
});
