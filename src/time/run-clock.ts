// When each frame of one FFmpeg run was sent, on this machine's monotonic clock: a pure estimator
// fed with FFmpeg's progress reports (docs/time.md has the measurements behind it).
//
// A report read at monotonic time A says FFmpeg has written the run up to media time T (the time
// of its last packet: FFmpeg 5.1's out_time is that packet's dts, not its end). Frames are only ever late, never early, so A − T is an upper bound of
// "monotonic time at media time 0" and the smallest one seen is the best: the probe burst and
// any slow report drop out by themselves. Only the last WINDOW_MS of reports count: a camera's
// clock (which FFmpeg's media time follows) drifts from this machine's by tens of ppm, seconds a
// day over a run that lasts days, and the window follows it. FFmpeg 5.1 writes a frame when the camera's next-but-one
// frame has arrived (measured at 5, 15 and 25 fps: A − T − send = 2 frame durations + ~20 ms), so
// two frame durations, learnt from the reports themselves, are taken off.

export const HELD_FRAMES = 2;
export const WINDOW_MS = 120_000;
// The first report of a run comes while FFmpeg writes out its probe burst and bounds the start
// ~1.9 s late; the bound is right to a frame once the reports span this long (docs/time.md).
export const SETTLE_MS = 4000;

export class RunClock {
  private bounds: Array<{ mono: number; bound: number }> = []; // increasing bounds: the front is the window's minimum
  private first: { mono: number; outMs: number; frames: number } | undefined;
  private last: { mono: number; outMs: number; frames: number } | undefined;

  // One progress report: read at `mono` (ms), media time reached `outTimeUs`, video frames so far.
  observe(mono: number, outTimeUs: number, frames: number): void {
    if (outTimeUs < 0 || frames <= 0) return;
    const outMs = outTimeUs / 1000;
    const bound = mono - outMs;
    while (this.bounds.length > 0 && this.bounds[this.bounds.length - 1]!.bound >= bound) this.bounds.pop();
    this.bounds.push({ mono, bound });
    while (this.bounds[0]!.mono < mono - WINDOW_MS) this.bounds.shift();
    this.first ??= { mono, outMs, frames };
    if (frames > this.first.frames) this.last = { mono, outMs, frames };
  }

  // Whether the reports span SETTLE_MS: the bound no longer comes from the probe burst alone.
  settled(): boolean {
    return this.first !== undefined && this.last !== undefined && this.last.mono - this.first.mono >= SETTLE_MS;
  }

  // The video's frame duration in ms, from media time per frame written (undefined until known).
  frameMs(): number | undefined {
    if (!this.first || !this.last || this.last.frames - this.first.frames < 5) return undefined;
    const ms = (this.last.outMs - this.first.outMs) / (this.last.frames - this.first.frames);
    return ms > 0 && ms < 2000 ? ms : undefined;
  }

  // Monotonic ms at which the frame at media time `mediaSeconds` was sent (undefined before any report).
  // Until the reports span a few frames, `frameMs` (from a segment's own samples) stands in.
  monoAt(mediaSeconds: number, frameMs?: number): number | undefined {
    const best = this.bounds[0]?.bound;
    if (best === undefined) return undefined;
    return best - HELD_FRAMES * (this.frameMs() ?? frameMs ?? 0) + mediaSeconds * 1000;
  }
}
