// Time tests' tools: a recorder under a faked wall clock (libfaketime, stepped through a file),
// a timedatectl that answers what the test says, and the simulator's frame log read back to tell
// when a recorded frame was really sent.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { libfaketimePath } from './tools.js';
import { packetTimes } from './media.js';

export interface FakeClock {
  env: Record<string, string>;
  offsetMs: number; // fake − real, now
  step(toOffsetMs: number): void; // steps the running processes' wall clock
}

// Env for a process whose wall clock runs `offsetMs` from the real one (whole seconds), in `tz`;
// its monotonic clock stays real. `synced` is what `timedatectl` answers it: 'yes', 'no', or
// a file whose existence means yes.
export function fakeClock(dir: string, options: { tz: string; offsetMs: number; synced?: 'yes' | 'no' | { flag: string } }): FakeClock {
  mkdirSync(dir, { recursive: true });
  const stampFile = path.join(dir, 'faketime.txt');
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const synced = options.synced ?? 'yes';
  const answer = typeof synced === 'string' ? `echo ${synced}` : `if [ -e '${synced.flag}' ]; then echo yes; else echo no; fi`;
  writeFileSync(path.join(bin, 'timedatectl'), `#!/bin/sh\n# the test's stand-in: NTPSynchronized as the test says\n${answer}\n`);
  chmodSync(path.join(bin, 'timedatectl'), 0o755);
  const clock: FakeClock = {
    env: {
      TZ: options.tz,
      LD_PRELOAD: libfaketimePath() ?? 'libfaketime-missing',
      FAKETIME_TIMESTAMP_FILE: stampFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    },
    offsetMs: 0,
    step(toOffsetMs: number) {
      const seconds = Math.round(toOffsetMs / 1000);
      writeFileSync(stampFile, `${seconds >= 0 ? '+' : ''}${seconds}s\n`);
      clock.offsetMs = seconds * 1000;
    },
  };
  clock.step(options.offsetMs);
  return clock;
}

// The real (unfaked) offset that makes a faked clock read `instant` now.
export function offsetTo(instant: number): number {
  return instant - Date.now();
}

export interface FrameLog {
  clip: string; // the simulator's encoded clip
  sends: Array<{ at: number; index: number }>; // ms (real clock), index in the clip
}

export function readFrameLog(file: string): FrameLog {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const sends = lines.map((l) => l.split(' ')).map(([t, i]) => ({ at: Number(t) * 1000, index: Number(i) }));
  return { clip: head!.split(' ')[1]!, sends };
}

const SIGNATURE = ['-vf', 'scale=32:18:flags=area,format=gray', '-f', 'rawvideo', '-'];
const SIG_BYTES = 32 * 18;

// Small grey thumbnails of every frame, in presentation order (no B-frames in the simulator's clip).
async function signatures(input: string, format: string[] = []): Promise<Buffer[]> {
  const r = await execa('ffmpeg', ['-v', 'error', ...format, '-i', input, '-fps_mode', 'passthrough', ...SIGNATURE], { encoding: 'buffer', maxBuffer: 1 << 28 });
  const all = Buffer.from(r.stdout as Uint8Array);
  return Array.from({ length: all.length / SIG_BYTES }, (_, i) => all.subarray(i * SIG_BYTES, (i + 1) * SIG_BYTES));
}

export interface FrameCheck {
  pts: number; // s in the file
  errorMs: number; // the file's time for the frame − when the simulator sent it (on the faked clock)
}

// For frames of a recorded file whose first frame is at `fileStart` (ms, on the recorder's clock,
// which ran `offsetMs` from the real one): how far the file's time of each is from its send time.
// Frames are told apart by their picture (the clip loops every few seconds: the send nearest in
// time is the one, as long as the error is under half a loop).
export async function checkFrameTimes(file: string, fileStart: number, log: FrameLog, offsetMs: number, picks: number[]): Promise<FrameCheck[]> {
  const clip = await signatures(log.clip, ['-f', 'h264']);
  const frames = await signatures(file);
  const pts = (await packetTimes(file)).video!;
  const out: FrameCheck[] = [];
  for (const pick of picks) {
    const i = pick < 0 ? frames.length + pick : pick;
    const index = nearestPicture(clip, frames[i]!);
    const at = fileStart + pts[i]! * 1000 - offsetMs;
    const sent = log.sends.filter((s) => s.index === index).reduce((a, b) => (Math.abs(b.at - at) < Math.abs(a.at - at) ? b : a));
    out.push({ pts: pts[i]!, errorMs: Math.round(at - sent.at) });
  }
  return out;
}

function nearestPicture(clip: Buffer[], frame: Buffer): number {
  let best = 0;
  let bestDistance = Infinity;
  clip.forEach((c, i) => {
    let d = 0;
    for (let j = 0; j < SIG_BYTES; j++) d += Math.abs(c[j]! - frame[j]!);
    if (d < bestDistance) (best = i), (bestDistance = d);
  });
  if (bestDistance > 0) throw new Error(`frame matches no picture of the clip exactly (distance ${bestDistance})`);
  return best;
}
