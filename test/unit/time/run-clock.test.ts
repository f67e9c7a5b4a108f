import { describe, expect, it } from 'vitest';
import { HELD_FRAMES, RunClock, SETTLE_MS } from '../../../src/time/run-clock.js';

const FPS = 15;
const FRAME_MS = 1000 / FPS;
const SENT_AT_0 = 50_000; // monotonic ms at which the camera sent media time 0
const BURST_UNTIL = 2600; // FFmpeg probes the first ~2.6 s of the stream, then writes it at once

// A deterministic pseudo-random number in [0, 1) (a linear congruential generator).
function noise(seed = 7): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

// When FFmpeg writes frame n (media time n·f): HELD_FRAMES frame durations after the camera sent
// it, and not before the probe burst ends.
const writtenAt = (n: number) => SENT_AT_0 + Math.max((n + HELD_FRAMES) * FRAME_MS, BURST_UNTIL);

// A 60-second run: FFmpeg reports about once a second, 220 ms past the second plus up to ±80 ms of
// noise, and the recorder reads each report up to 3 ms later. A report says what had been written:
// the frame count and the time of the last packet (FFmpeg 5.1's out_time is that packet's dts, not
// its end: `-progress` of a 15 fps copy says frame=60 out_time_us=3933398). Before any frame is
// written it says out_time -1.
function syntheticRun(seconds = 60): Array<{ mono: number; outTimeUs: number; frames: number }> {
  const rand = noise();
  const reports = [];
  for (let k = 0; k < seconds; k++) {
    const at = SENT_AT_0 + k * 1000 + 220 + (rand() - 0.5) * 160;
    let frames = 0;
    while (writtenAt(frames) <= at) frames++;
    reports.push({ mono: at + rand() * 3, outTimeUs: frames === 0 ? -1 : (frames - 1) * FRAME_MS * 1000, frames });
  }
  return reports;
}

describe('RunClock', () => {
  it('says when each frame was sent, within a few ms, from progress reports that come late and in a burst', () => {
    const clock = new RunClock();
    for (const r of syntheticRun()) clock.observe(r.mono, r.outTimeUs, r.frames);
    for (const t of [0, 2, 10.5, 33.333, 59]) {
      const truth = SENT_AT_0 + t * 1000;
      expect(Math.abs(clock.monoAt(t)! - truth)).toBeLessThan(5);
      expect(clock.monoAt(t)!).toBeGreaterThanOrEqual(truth - 1e-6); // never earlier than the truth
    }
  });

  it('is undefined before any report', () => {
    expect(new RunClock().monoAt(0)).toBeUndefined();
    expect(new RunClock().frameMs()).toBeUndefined();
  });

  it('learns the frame duration from the reports, once they span a few frames', () => {
    const clock = new RunClock();
    const [first, second, ...rest] = syntheticRun().filter((r) => r.outTimeUs >= 0);
    clock.observe(first!.mono, first!.outTimeUs, first!.frames);
    expect(clock.frameMs()).toBeUndefined();
    clock.observe(second!.mono, second!.outTimeUs, second!.frames);
    expect(clock.frameMs()).toBeCloseTo(FRAME_MS, 6);
    for (const r of rest) clock.observe(r.mono, r.outTimeUs, r.frames);
    expect(clock.frameMs()).toBeCloseTo(FRAME_MS, 6);
  });

  it('ignores reports that know no media time yet (out_time -1) or no frame', () => {
    const clock = new RunClock();
    clock.observe(SENT_AT_0 + 500, -1, 12);
    clock.observe(SENT_AT_0 + 600, 0, 0);
    expect(clock.monoAt(0)).toBeUndefined();
    for (const r of syntheticRun()) clock.observe(r.mono, r.outTimeUs, r.frames);
    const estimate = clock.monoAt(0);
    clock.observe(SENT_AT_0 + 61_000, -1, 2000);
    expect(clock.monoAt(0)).toBe(estimate);
  });

  it('without a learnt frame duration, takes nothing off the best bound', () => {
    const clock = new RunClock();
    clock.observe(SENT_AT_0 + 3000, 2_500_000, 38);
    expect(clock.monoAt(1)).toBe(SENT_AT_0 + 500 + 1000);
  });
});

describe('RunClock settling', () => {
  // As measured (docs/time.md): FFmpeg's first report comes while it writes out its probe burst,
  // ~1.95 s after the first frame was sent, and says it has written one frame; from the next on the
  // reports come once a second, each two frames after the frame it names.
  function burstRun(seconds: number): Array<{ mono: number; outTimeUs: number; frames: number }> {
    const reports = [{ mono: SENT_AT_0 + 1950, outTimeUs: 0, frames: 1 }];
    for (let k = 3; k <= seconds; k++) {
      const frames = k * FPS;
      reports.push({ mono: SENT_AT_0 + (frames - 1 + HELD_FRAMES) * FRAME_MS, outTimeUs: (frames - 1) * FRAME_MS * 1000, frames });
    }
    return reports;
  }

  it('is not settled on the probe burst report, which times the run ~1.9 s late, and is settled, right to a few ms, once the reports span SETTLE_MS', () => {
    const clock = new RunClock();
    const [burst, ...rest] = burstRun(12);
    clock.observe(burst!.mono, burst!.outTimeUs, burst!.frames);
    expect(clock.settled()).toBe(false);
    expect(clock.monoAt(0)! - SENT_AT_0).toBeGreaterThan(1800);
    for (const r of rest) {
      clock.observe(r.mono, r.outTimeUs, r.frames);
      expect(clock.settled()).toBe(r.mono - burst!.mono >= SETTLE_MS);
      if (clock.settled()) expect(Math.abs(clock.monoAt(0)! - SENT_AT_0)).toBeLessThan(5);
    }
    expect(clock.settled()).toBe(true);
  });

  it('is not settled by reports that add no frame, however long they span', () => {
    const clock = new RunClock();
    for (let k = 0; k < 10; k++) clock.observe(SENT_AT_0 + 2000 + k * 1000, 66_667, 2);
    expect(clock.settled()).toBe(false);
    expect(new RunClock().settled()).toBe(false);
  });
});

describe('RunClock over a long run', () => {
  it('follows a camera clock that runs 100 ppm slow for a day: the estimate stays within a frame, not 8.6 s early', () => {
    const clock = new RunClock();
    const frameMs = 1000 / 15;
    let estimateError = 0;
    for (let s = 0; s <= 86_400; s += 1) {
      const mono = 1_000_000 + s * 1000; // when the report is read
      const media = s * 1000 * (1 - 100e-6); // the camera's media time runs slow
      clock.observe(mono + 2 * frameMs, media * 1000, Math.floor(media / frameMs) + 1);
      if (s % 3600 === 0 && s > 0) estimateError = Math.max(estimateError, Math.abs(clock.monoAt(media / 1000)! - mono));
    }
    expect(estimateError).toBeLessThan(frameMs);
  });
});
