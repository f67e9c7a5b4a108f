// The FFmpeg command line of a recorder: a pure function of the config and the probe result.
import path from 'node:path';
import type { Camera, Config } from '../config/schema.js';
import type { AudioPlan } from './probe.js';

export interface RecordArgsInput {
  camera: Pick<Camera, 'rtsp_url' | 'rtsp_transport'>;
  recording: Pick<Config['recording'], 'segment_duration'>;
  ffmpeg: Config['ffmpeg'];
  audio: AudioPlan;
  stagingDir: string; // FFmpeg writes here; the recorder moves each closed segment out
  statsPeriod?: number; // seconds between two -progress blocks
}

// File name pattern of segments: local wall-clock time of the segment's start. Timestamps inside
// stay the camera's own (RTP): -use_wallclock_as_timestamps was measured to give non-monotonic
// DTS in the first segment (packets arriving in a burst at connect share a time).
export const SEGMENT_PATTERN = '%Y%m%d_%H%M%S.mp4';
// Fragmented MP4: every complete GOP is on disk at once, so a SIGKILL loses at most the last one.
// The merge remuxes the original tool's regular MP4 segments with the same flags (remux.ts).
export const FRAGMENT_MOVFLAGS = '+frag_keyframe+empty_moov+default_base_moof';
export const SEGMENT_MOVFLAGS = `movflags=${FRAGMENT_MOVFLAGS}:flush_packets=1`;
// The closed-segment list goes to this file descriptor (a pipe the recorder reads).
export const SEGMENT_LIST_FD = 3;
export const AAC_BITRATE = '32k';

export function buildRecordArgs(input: RecordArgsInput): string[] {
  return [
    ...globalArgs(input.statsPeriod ?? 1),
    ...inputArgs(input),
    ...mapArgs(input.audio),
    ...segmentArgs(input),
  ];
}

function globalArgs(statsPeriod: number): string[] {
  // -progress blocks stop completely while the stream is frozen: that is how a stall is seen.
  return ['-hide_banner', '-nostdin', '-loglevel', 'level+warning', '-nostats', '-progress', 'pipe:1', '-stats_period', String(statsPeriod)];
}

function inputArgs({ camera, ffmpeg }: RecordArgsInput): string[] {
  return [
    '-rtsp_transport', camera.rtsp_transport,
    '-timeout', String(ffmpeg.timeout), // FFmpeg 5.1: RTSP socket timeout in µs (-stimeout is gone)
    '-rtbufsize', ffmpeg.rtbufsize,
    '-i', camera.rtsp_url,
  ];
}

function mapArgs(audio: AudioPlan): string[] {
  // Video is always mapped explicitly: a recording can never silently become audio-only.
  const video = ['-map', '0:v:0', '-c:v', 'copy'];
  if (audio === 'none') return [...video, '-an'];
  if (audio === 'copy') return [...video, '-map', '0:a:0?', '-c:a', 'copy'];
  return [...video, '-map', '0:a:0?', '-c:a', 'aac', '-b:a', AAC_BITRATE];
}

function segmentArgs({ recording, stagingDir }: RecordArgsInput): string[] {
  return [
    '-f', 'segment',
    '-segment_format', 'mp4',
    '-segment_format_options', SEGMENT_MOVFLAGS,
    '-segment_time', String(recording.segment_duration),
    '-segment_atclocktime', '1',
    '-reset_timestamps', '1',
    '-strftime', '1',
    '-segment_list', `pipe:${SEGMENT_LIST_FD}`,
    '-segment_list_type', 'csv',
    path.join(stagingDir, SEGMENT_PATTERN),
  ];
}
