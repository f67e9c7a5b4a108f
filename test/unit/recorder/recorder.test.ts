import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../../src/config/schema.js';
import type { FfmpegHandlers } from '../../../src/ffmpeg/process.js';
import type { RecorderEvent } from '../../../src/recorder/events.js';
import { Recorder, SETTLE_WAIT_MS, STOP_GRACE_MS, type RecorderDeps } from '../../../src/recorder/recorder.js';
import type { RunAnchor } from '../../../src/recorder/run-anchor.js';
import { createLogger } from '../../../src/log/logger.js';

const config = {
  path: '/x/config.yaml',
  cameras: [],
  recording: { segment_duration: 2, retention_days: 7, reconnect_delay: 5, max_reconnect_delay: 60, stall_timeout: 5, merge_interval: 30, merge_delay: 120 },
  ffmpeg: { rtbufsize: '100M', timeout: 5_000_000 },
} as unknown as Config;
const camera = { name: 'cam1', rtsp_url: 'rtsp://127.0.0.1/cam', output_dir: '/rec', audio: 'none' as const, rtsp_transport: 'tcp' as const };

interface FakeFfmpeg {
  handlers: FfmpegHandlers;
  signals: string[];
  deaf: boolean; // ignores signals, like a process stuck in uninterruptible I/O
  frame: number;
}

function setup(extra: Partial<RecorderDeps> = {}) {
  const spawned: FakeFfmpeg[] = [];
  const sent: string[] = [];
  const lines: string[] = [];
  const events: RecorderEvent[] = [];
  const recorder = new Recorder({
    camera,
    config,
    log: createLogger({ journal: true, write: (l) => lines.push(l) }),
    notifier: { enabled: true, ready: () => sent.push('READY=1'), status: () => {}, watchdog: () => sent.push('WATCHDOG=1'), stopping: () => sent.push('STOPPING=1'), extendStartTimeout: () => {} },
    clock: { wallMs: () => Date.now(), monoMs: () => Date.now() }, // fake timers move both; steps are tested with their own clock
    probe: () => Promise.reject(new Error('not used')),
    spawn: (_args, handlers) => {
      const fake: FakeFfmpeg = { handlers, signals: [], deaf: false, frame: 0 };
      spawned.push(fake);
      const exit = (signal: string) => {
        fake.signals.push(signal);
        if (!fake.deaf || signal === 'SIGKILL-unstuck') handlers.onExit({ code: signal === 'SIGINT' ? 255 : null, signal: signal === 'SIGINT' ? null : 'SIGKILL', stderrTail: [] });
      };
      return { pid: 1, stop: () => exit('SIGINT'), kill: () => exit('SIGKILL') };
    },
    newRunDir: async () => '/rec/.staging/run',
    moveSegment: async (_dir, file) => `/rec/segments/${file}`,
    salvageRun: async () => {},
    ...extra,
  });
  recorder.events.on((e) => events.push(e));
  const advance = (f: FakeFfmpeg, frames = 15) => {
    f.frame += frames;
    f.handlers.onProgress({ frame: f.frame, outTimeUs: 0, totalSize: 0, speed: 1, end: false });
  };
  const pings = () => sent.filter((s) => s === 'WATCHDOG=1').length;
  return { recorder, spawned, sent, lines, events, advance, pings };
}

// Lets promise callbacks (the spawn after newRunDir, exit handling) run under fake timers.
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('Recorder state machine', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date(2026, 10, 24, 12, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  it('sends READY=1 at once and pings the watchdog while footage advances', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    expect(t.sent[0]).toBe('READY=1');
    const ff = t.spawned[0]!;
    for (let s = 0; s < 10; s++) {
      t.advance(ff);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(t.pings()).toBeGreaterThanOrEqual(9);
    expect(t.recorder.currentState()).toBe('recording');
  });

  it('stops a stalled FFmpeg after stall_timeout and reconnects at once (its attempt began longer than reconnect_delay ago)', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    t.advance(ff);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ff.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(ff.signals).toEqual(['SIGINT']);
    expect(t.lines.some((l) => l.startsWith('<4>stream stalled for'))).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.spawned).toHaveLength(2);
    t.advance(t.spawned[1]!);
    expect(t.events.map((e) => e.type)).toContain('recovered');
    expect(t.lines.some((l) => /recording again after \d+ s/.test(l))).toBe(true);
  });

  it('a step of the wall clock is no stall: FFmpeg keeps running through +1 h and -30 s', async () => {
    const wall = { shift: 0 };
    const t = setup({ clock: { wallMs: () => Date.now() + wall.shift, monoMs: () => Date.now() } });
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    for (const shift of [3_600_000, 3_570_000]) {
      t.advance(ff);
      wall.shift = shift;
      await vi.advanceTimersByTimeAsync(1000);
    }
    t.advance(ff);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ff.signals).toEqual([]);
    expect(t.lines.filter((l) => /the clock stepped by/.test(l))).toEqual([
      expect.stringContaining('by +3600.0 s'),
      expect.stringContaining('by -30.0 s'),
    ]);
  });

  it('keeps pinging while it waits out a reconnect delay with no FFmpeg alive', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    t.spawned[0]!.handlers.onExit({ code: 1, signal: null, stderrTail: ['Connection refused'] });
    await flush();
    const before = t.pings();
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.recorder.currentState()).toBe('waiting');
    expect(t.pings() - before).toBeGreaterThanOrEqual(3);
    expect(t.lines).toContain('<4>camera unreachable: connection refused; reconnecting in 5 s');
  });

  it('stops pinging when an FFmpeg child stays alive and silent beyond stall_timeout plus the stop grace', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    ff.deaf = true; // its SIGINT and SIGKILL have no effect
    t.advance(ff);
    await vi.advanceTimersByTimeAsync(6000 + STOP_GRACE_MS);
    expect(ff.signals).toEqual(['SIGINT', 'SIGKILL']);
    const before = t.pings();
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.pings()).toBe(before); // systemd's watchdog takes over
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.pings()).toBe(before);
  });

  it('grows the reconnect delay with the outage up to max_reconnect_delay, and resets it once footage flows', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      t.spawned.at(-1)!.handlers.onExit({ code: 1, signal: null, stderrTail: ['Connection refused'] });
      await flush();
      const line = t.lines.filter((l) => l.includes('reconnecting in')).at(-1)!;
      delays.push(Number(/reconnecting in (\d+) s/.exec(line)![1]));
      await vi.advanceTimersByTimeAsync(delays.at(-1)! * 1000);
    }
    expect(delays.slice(0, 4)).toEqual([5, 5, 5, 5]);
    expect(delays.at(-1)).toBe(60);
    expect([...delays].sort((a, b) => a - b)).toEqual(delays);
    const ff = t.spawned.at(-1)!;
    t.advance(ff);
    await vi.advanceTimersByTimeAsync(1000);
    t.advance(ff);
    ff.handlers.onExit({ code: 0, signal: null, stderrTail: [] });
    await flush();
    expect(t.lines.at(-1)).toContain('reconnecting in 4 s'); // 5 s from the start of the attempt, 1 s ago
  });

  it('attempts begin at most once per reconnect_delay: after a longer run the next begins at once', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    for (let s = 0; s < 20; s++) {
      t.advance(ff);
      await vi.advanceTimersByTimeAsync(1000);
    }
    ff.handlers.onExit({ code: null, signal: 'SIGKILL', stderrTail: [] });
    await flush();
    expect(t.lines.at(-1)).toMatch(/; reconnecting now$/);
    await flush();
    expect(t.spawned).toHaveLength(2);
    // That one fails at once: the next waits the whole delay from its start.
    t.spawned[1]!.handlers.onExit({ code: 1, signal: null, stderrTail: ['Connection refused'] });
    await flush();
    expect(t.lines.at(-1)).toContain('connection refused; reconnecting in 5 s (attempt 2)');
    await vi.advanceTimersByTimeAsync(4900);
    expect(t.spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.spawned).toHaveLength(3);
  });

  it('a refused login is an error line on the first attempt and again at most once a minute, with every attempt\'s reason published', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    for (let i = 0; i < 20; i++) {
      t.spawned.at(-1)!.handlers.onExit({ code: 1, signal: null, stderrTail: ['method DESCRIBE failed: 401 Unauthorized'] });
      await flush();
      const line = t.lines.filter((l) => l.includes('reconnecting in')).at(-1)!;
      await vi.advanceTimersByTimeAsync(Number(/reconnecting in (\d+) s/.exec(line)![1]) * 1000);
    }
    const attempts = t.lines.filter((l) => l.includes('camera refused the login (401 Unauthorized)'));
    expect(attempts).toHaveLength(20);
    const errors = attempts.filter((l) => l.startsWith('<3>'));
    expect(errors[0]).toBe(attempts[0]);
    expect(errors.length).toBeGreaterThan(3); // 20 attempts span several minutes
    expect(errors.length).toBeLessThan(10);
    expect(attempts.filter((l) => !l.startsWith('<3>')).every((l) => l.startsWith('<6>'))).toBe(true);
    const failed = t.events.filter((e) => e.type === 'attempt-failed');
    expect(failed).toHaveLength(20);
    expect(failed.at(-1)).toMatchObject({ attempt: 20, reason: 'camera refused the login (401 Unauthorized): check the user name and password' });
  });

  it('a camera that connects then sends nothing is described by the shell\'s diagnosis', async () => {
    const t = setup({ diagnose: async (reason: string) => (reason === 'the camera sent data FFmpeg cannot read' ? 'the camera accepted the connection but sent nothing' : reason) });
    void t.recorder.run();
    await flush();
    t.spawned[0]!.handlers.onExit({ code: 1, signal: null, stderrTail: ['rtsp://127.0.0.1/cam: Invalid data found when processing input'] });
    await flush();
    expect(t.lines.at(-1)).toContain('the camera accepted the connection but sent nothing; reconnecting in 5 s');
  });

  it('reports the outage length when the camera comes back', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    t.advance(t.spawned[0]!);
    t.spawned[0]!.handlers.onExit({ code: 0, signal: null, stderrTail: [] });
    await flush();
    expect(t.events.find((e) => e.type === 'disconnected')).toMatchObject({ reason: 'the stream ended (the camera stopped sending)' });
    await vi.advanceTimersByTimeAsync(40_000);
    t.advance(t.spawned.at(-1)!);
    expect(t.events.find((e) => e.type === 'reconnected')).toMatchObject({ outageSeconds: 40 });
  });

  it('on stop sends STOPPING=1, asks FFmpeg to finish its segment, and resolves when it has', async () => {
    const t = setup();
    const done = t.recorder.run();
    await flush();
    t.advance(t.spawned[0]!);
    t.recorder.stop();
    expect(t.sent).toContain('STOPPING=1');
    expect(t.spawned[0]!.signals).toEqual(['SIGINT']);
    await flush();
    await expect(done).resolves.toBeUndefined();
    expect(t.recorder.currentState()).toBe('stopped');
  });

  it('a second stop kills FFmpeg at once', async () => {
    const t = setup();
    void t.recorder.run();
    await flush();
    t.spawned[0]!.deaf = true;
    t.recorder.stop();
    t.recorder.stop();
    expect(t.spawned[0]!.signals).toEqual(['SIGINT', 'SIGKILL']);
  });
});

const FRAME_MS = 1000 / 15;
const MONO_AT_START = 7_000_000; // the monotonic clock's reading when the test starts

// A camera at 15 fps whose first frame is sent 250 ms after the test starts, recorded with a wall
// clock `shift` ms off the true time, and a machine that says whether it is synchronised.
function timedSetup(synchronised?: () => boolean, shift = 0, extra: Partial<RecorderDeps> = {}) {
  const start = Date.now(); // the true time (fake timers)
  const wall = { shift };
  const clock = { wallMs: () => Date.now() + wall.shift, monoMs: () => Date.now() - start + MONO_AT_START };
  const sentAt0 = MONO_AT_START + 250;
  const moved: string[] = [];
  const times: Array<{ file: string; start: number; end: number; run: string }> = [];
  const t = setup({
    clock,
    ...(synchronised ? { clockSynchronised: async () => synchronised() } : {}),
    moveSegment: async (_dir, file, nameFor) => {
      const name = nameFor?.(undefined); // as for a file whose video is not read: the list's times
      moved.push(name ?? file);
      return `/rec/segments/${name ?? file}`;
    },
    recordTime: async (file, time) => void times.push({ file, ...time }),
    ...extra,
  });
  let second = 0;
  // Plays `seconds` more seconds of the run: FFmpeg writes each frame two frames after it was sent
  // and reports once a second, right after writing frame 15k-1 (out_time is that frame's time).
  const play = async (ff: FakeFfmpeg, seconds: number) => {
    for (let end = second + seconds; second < end; ) {
      second++;
      const last = 15 * second - 1;
      const due = Math.ceil(sentAt0 + (last + 2) * FRAME_MS - MONO_AT_START + start);
      await vi.advanceTimersByTimeAsync(Math.max(0, due - Date.now())); // a report the burst held back comes at once
      ff.frame = last + 1;
      ff.handlers.onProgress({ frame: ff.frame, outTimeUs: last * FRAME_MS * 1000, totalSize: 0, speed: 1, end: false });
    }
  };
  // FFmpeg closes the segments [0, 2) and [2, 4) s of the run (named by it after the wall clock).
  const closeTwo = async (ff: FakeFfmpeg) => {
    ff.handlers.onSegment({ file: '20261124_110003.mp4', start: 0, end: 2 });
    ff.handlers.onSegment({ file: '20261124_110005.mp4', start: 2, end: 4 });
    await flush();
  };
  return { ...t, wall, moved, times, play, closeTwo, trueStart: start + 250 };
}

describe('Recorder: the true time of footage', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date(2026, 10, 24, 12, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  it('names each segment by when its first frame was sent, from the progress reports, and records its exact times', async () => {
    const t = timedSetup(() => true);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 6);
    await t.closeTwo(ff);
    expect(t.moved).toEqual(['20261124_120000.mp4', '20261124_120002.mp4']);
    expect(t.times.map((x) => x.file)).toEqual(['/rec/segments/20261124_120000.mp4', '/rec/segments/20261124_120002.mp4']);
    for (const [i, x] of t.times.entries()) {
      expect(Math.abs(x.start - (t.trueStart + 2000 * i))).toBeLessThanOrEqual(1);
      expect(x.end - x.start).toBe(2000);
      expect(x.run).toBe('run.0');
    }
  });

  it("names a run's first segment, closed just after the probe burst's report, by when its first frame was sent", async () => {
    const t = timedSetup(() => true);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    // FFmpeg probes ~1.9 s of the stream, then its first report says it has written one frame
    // (measured: frame=1 out_time=0.065 s about 1.95 s after the first frame was sent), and the
    // first segment, short because of the burst, closes right after.
    await vi.advanceTimersByTimeAsync(250 + 1950);
    ff.frame = 1;
    ff.handlers.onProgress({ frame: 1, outTimeUs: 0, totalSize: 0, speed: 1, end: false });
    ff.handlers.onSegment({ file: '20261124_110002.mp4', start: 0, end: 29 * FRAME_MS / 1000 });
    await flush();
    await t.play(ff, 4);
    ff.handlers.onSegment({ file: '20261124_110004.mp4', start: 29 * FRAME_MS / 1000, end: 59 * FRAME_MS / 1000 });
    await t.play(ff, 4);
    expect(t.moved).toEqual(['20261124_120000.mp4', '20261124_120002.mp4']);
    const [first, second] = t.times;
    expect(Math.abs(first!.start - t.trueStart)).toBeLessThan(FRAME_MS);
    expect(Math.abs(second!.start - first!.end)).toBeLessThanOrEqual(1); // they abut, as the segment list says
  });

  it('admits the segments of a settled run at once', async () => {
    const t = timedSetup(() => true);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 5);
    await t.closeTwo(ff);
    expect(t.moved).toHaveLength(2);
  });

  it("leaves a run's first segment in staging, unnamed, while it waits for the clock to settle, and admits it when FFmpeg exits", async () => {
    const t = timedSetup(() => true);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 2);
    await t.closeTwo(ff);
    expect(t.moved).toEqual([]);
    t.recorder.stop();
    await flush();
    expect(t.moved).toEqual(['20261124_120000.mp4', '20261124_120002.mp4']);
  });

  it("stops waiting for the run's clock to settle SETTLE_WAIT_MS after its first segment began to wait, for all its segments together", async () => {
    // A stall_timeout longer than the wait, so FFmpeg is still running when the reports stop.
    const t = timedSetup(() => true, 0, { config: { ...config, recording: { ...config.recording, stall_timeout: 30 } } });
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 2);
    await t.closeTwo(ff);
    await vi.advanceTimersByTimeAsync(SETTLE_WAIT_MS - 10);
    expect(t.moved).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(t.moved).toEqual(['20261124_120000.mp4', '20261124_120002.mp4']);
    expect(t.spawned).toHaveLength(1); // no stall: FFmpeg ran all along
  });

  it('keeps segments back while the clock is not synchronised, and names them by the clock after its step, from when they were recorded', async () => {
    let synced = false;
    const t = timedSetup(() => synced, -3_600_000); // booted with the time of its last shutdown, an hour behind
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 6);
    await t.closeTwo(ff);
    await t.play(ff, 10);
    expect(t.moved).toEqual([]);
    expect(t.times).toEqual([]);
    t.wall.shift = 0; // NTP steps the clock to the true time, and says it is synchronised
    synced = true;
    await t.play(ff, 2);
    expect(t.moved).toEqual(['20261124_120000.mp4', '20261124_120002.mp4']);
    expect(Math.abs(t.times[0]!.start - t.trueStart)).toBeLessThanOrEqual(1);
    expect(t.times.map((x) => x.run)).toEqual(['run.1', 'run.1']);
    expect(t.lines.filter((l) => l.includes('clock'))).toEqual([
      '<6>the clock is not synchronised yet: recording, and naming the footage once it is (waiting at most 5 min)',
      expect.stringMatching(/^<6>the clock stepped by \+3600\.0 s: it now says 2026-11-24 12:00:1\d /),
      '<6>the clock is synchronised now: naming the footage kept back by its true times',
    ]);
    await t.closeTwo(ff); // later segments are moved at once
    expect(t.moved).toHaveLength(4);
  });

  it('without a synchronisation answer, names segments by the clock as it is, at once', async () => {
    const t = timedSetup(undefined, 30_000);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 5);
    await t.closeTwo(ff);
    expect(t.moved).toEqual(['20261124_120030.mp4', '20261124_120032.mp4']);
  });
});

describe("Recorder: the anchor of a run, for footage still being recorded", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date(2026, 10, 24, 12, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  function anchorSetup(synchronised: () => boolean, shift = 0) {
    const anchors: Array<RunAnchor | undefined> = [];
    const closes: string[] = [];
    const t = timedSetup(synchronised, shift, { anchorWriter: (runDir) => ({ set: (a) => void anchors.push(a), close: async () => void closes.push(runDir) }) });
    return { ...t, anchors, closes };
  }

  it('says when media time 0 was and where the file being written starts, lists closed files until they are moved, and is closed when FFmpeg exits', async () => {
    const t = anchorSetup(() => true);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 6);
    const first = t.anchors.at(-1)!;
    expect(Math.abs(first.anchor - t.trueStart)).toBeLessThanOrEqual(1);
    expect(first).toMatchObject({ run: 'run.0', next: 0, closed: {} });
    await t.closeTwo(ff);
    expect(t.anchors).toContainEqual({ ...first, next: 4, closed: { '20261124_110003.mp4': 0, '20261124_110005.mp4': 2 } });
    expect(t.anchors.at(-1)).toEqual({ ...first, next: 4, closed: {} });
    t.recorder.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(t.closes).toEqual(['/rec/.staging/run']);
  });

  it('is absent while the clock is not synchronised (the footage has no known time), and written once it is', async () => {
    let synced = false;
    const t = anchorSetup(() => synced, -3_600_000);
    void t.recorder.run();
    await flush();
    const ff = t.spawned[0]!;
    await t.play(ff, 6);
    await t.closeTwo(ff);
    expect(t.anchors.length).toBeGreaterThan(0);
    expect(t.anchors.every((a) => a === undefined)).toBe(true);
    t.wall.shift = 0;
    synced = true;
    await t.play(ff, 8);
    const last = t.anchors.at(-1)!;
    expect(Math.abs(last.anchor - t.trueStart)).toBeLessThanOrEqual(1);
    expect(last).toMatchObject({ run: 'run.1', next: 4, closed: {} });
  });
});

