// Makes recorder-like segments without a camera: FFmpeg's lavfi test sources (testsrc2 + sine)
// encoded to H.264 + AAC and cut by the segment muxer into fragmented MP4, as the recorder does,
// then named after their start in local time (YYYYMMDD_HHMMSS[_N].mp4) from a chosen past instant.
// With `layout: 'regular'`, the segments are plain MP4 (moov with sample tables, one mdat), as the
// original Python tool's `-f segment` wrote them.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { FRAGMENT_MOVFLAGS } from '../../src/ffmpeg/args.js';

export interface SegmentSpec {
  start: Date; // local time of the first segment's start
  seconds: number; // footage to make
  size?: string; // "320x240" (default) or "1920x1080"…
  fps?: number; // 15
  keyframeSeconds?: number; // a keyframe every this many seconds (default 1)
  audio?: boolean; // AAC at 16 kHz (default true): its frames overrun each segment's video
  segmentSeconds?: number; // 2
  bitrate?: string; // video bitrate, e.g. "4M" (default: x264's choice)
  bframes?: boolean; // B-frames (pictures out of decode order, as some cameras send); default none
  whole?: string; // also keep the unsegmented encode here, to compare a merge with
  source?: string; // cut this encode (a `whole` of an earlier call) instead of making one
  layout?: 'fragmented' | 'regular'; // fragmented (default): the recorder's; regular: the original tool's
  nameOf?: (start: Date) => string; // a segment's name stem from its start (default: segmentStem, local time)
}

// The recorder's segment layout (src/ffmpeg/args.ts SEGMENT_MOVFLAGS without flush_packets).
const MOVFLAGS = `movflags=${FRAGMENT_MOVFLAGS}`;

// Writes the segments into dir; returns their names in time order. Like a camera, the stream is
// encoded once and then cut with stream copy, as the recorder cuts what the camera sends.
export async function makeSegments(dir: string, spec: SegmentSpec): Promise<string[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'cams-segments-'));
  const whole = spec.source ?? spec.whole ?? path.join(work, 'whole.mp4');
  try {
    if (!spec.source) await encode(whole, spec);
    await execa('ffmpeg', [
      '-v', 'error', '-nostdin', '-i', whole, '-map', '0', '-c', 'copy',
      '-f', 'segment', '-segment_time', String(spec.segmentSeconds ?? 2), '-segment_format', 'mp4',
      ...(spec.layout === 'regular' ? [] : ['-segment_format_options', MOVFLAGS]), '-reset_timestamps', '1',
      '-segment_list', path.join(work, 'list.csv'), '-segment_list_type', 'csv',
      path.join(work, 'seg%06d.mp4'),
    ]);
    return nameSegments(work, dir, spec.start, spec.nameOf);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The camera's stream: test pictures and a tone, H.264 with a keyframe every second (or as asked), and AAC.
async function encode(whole: string, spec: SegmentSpec): Promise<void> {
  const fps = spec.fps ?? 15;
  const audio = spec.audio ?? true;
  await execa('ffmpeg', [
    '-v', 'error', '-nostdin',
    '-f', 'lavfi', '-i', `testsrc2=size=${spec.size ?? '320x240'}:rate=${fps}`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000'] : []),
    '-t', String(spec.seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(Math.round(fps * (spec.keyframeSeconds ?? 1))), '-pix_fmt', 'yuv420p',
    ...(spec.bframes ? ['-bf', '2'] : ['-tune', 'zerolatency']),
    ...(spec.bitrate ? ['-b:v', spec.bitrate] : []),
    ...(audio ? ['-c:a', 'aac', '-b:a', '32k'] : []),
    '-movflags', FRAGMENT_MOVFLAGS, whole,
  ]);
}

// A merged minute of the original tool: its regular segments joined by FFmpeg's concat demuxer
// into one regular MP4 named YYYYMMDD_HHMM.mp4 in dir, with a creation time that says nothing
// about the footage. Returns its path.
export async function makeLegacyMerged(dir: string, spec: Omit<SegmentSpec, 'layout'>): Promise<string> {
  const work = mkdtempSync(path.join(tmpdir(), 'cams-legacy-'));
  try {
    const names = await makeSegments(work, { ...spec, layout: 'regular' });
    writeFileSync(path.join(work, 'list.txt'), names.map((n) => `file '${path.join(work, n)}'\n`).join(''));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${segmentStem(spec.start).slice(0, 13)}.mp4`);
    await execa('ffmpeg', ['-v', 'error', '-nostdin', '-f', 'concat', '-safe', '0', '-i', path.join(work, 'list.txt'), '-c', 'copy', '-metadata', 'creation_time=2001-02-03T04:05:06Z', file]);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Moves each listed segment to dir under the name of its start (start + its offset), never replacing.
function nameSegments(work: string, dir: string, start: Date, nameOf = segmentStem): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (const line of readFileSync(path.join(work, 'list.csv'), 'utf8').trim().split('\n')) {
    const [file, offset] = line.split(',');
    const base = nameOf(new Date(start.getTime() + Number(offset) * 1000));
    let name = `${base}.mp4`;
    for (let n = 1; existsSync(path.join(dir, name)); n++) name = `${base}_${n}.mp4`;
    renameSync(path.join(work, file!), path.join(dir, name));
    names.push(name);
  }
  return names;
}

// "YYYYMMDD_HHMMSS" in local time.
export function segmentStem(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}_${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

// A local minute boundary `minutesAgo` minutes before now.
export function minuteAgo(minutesAgo: number, now = new Date()): Date {
  const d = new Date(now.getTime() - minutesAgo * 60_000);
  d.setSeconds(0, 0);
  return d;
}

// Each stream's own duration in seconds ({ video, audio? }), by ffprobe.
export async function streamDurations(file: string): Promise<{ video: number; audio?: number; width?: number }> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,duration,width', '-of', 'json', file]);
  const streams = (JSON.parse(String(r.stdout)) as { streams: Array<{ codec_type: string; duration?: string; width?: number }> }).streams;
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  return { video: Number(video?.duration ?? 0), ...(audio ? { audio: Number(audio.duration ?? 0) } : {}), ...(video?.width ? { width: video.width } : {}) };
}

// Video seconds and file count per minute ("YYYYMMDD_HHMM") of segment files, by ffprobe.
export async function videoByMinute(files: string[]): Promise<Map<string, { seconds: number; files: number }>> {
  const minutes = new Map<string, { seconds: number; files: number }>();
  for (const file of files) {
    const minute = path.basename(file).slice(0, 13);
    const entry = minutes.get(minute) ?? { seconds: 0, files: 0 };
    entry.seconds += (await streamDurations(file)).video;
    entry.files++;
    minutes.set(minute, entry);
  }
  return minutes;
}
