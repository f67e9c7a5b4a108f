// The config schema: every key, its default and its range. Types come from here.
import { z } from 'zod';
import { checkRtspUrl } from './rtsp-url.js';

const NAME_RULE = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const SIZE_RULE = /^\d+(\.\d+)?[KMG]?$/;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const seconds = (min: number, max: number) => z.number().min(min).max(max);

export const CameraSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME_RULE, 'must be 1-64 letters, digits, "_" or "-", not starting with "-" (it names a folder and a systemd instance)'),
  rtsp_url: z.string().superRefine((url, ctx) => {
    const problem = checkRtspUrl(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  output_dir: z.string().min(1, 'must not be empty'),
  audio: z.enum(['auto', 'copy', 'aac', 'none']).default('auto'),
  rtsp_transport: z.enum(['tcp', 'udp']).default('tcp'),
});

export const RecordingSchema = z.strictObject({
  segment_duration: int(1, 60).default(2),
  retention_days: z.number().min(1).max(36500).default(7),
  reconnect_delay: seconds(0.5, 3600).default(5),
  max_reconnect_delay: seconds(1, 3600).default(60),
  stall_timeout: seconds(2, 600).default(5),
  merge_interval: int(5, 86400).default(30),
  merge_delay: int(0, 86400).default(120),
});

export const FfmpegSchema = z.strictObject({
  rtbufsize: z.string().regex(SIZE_RULE, 'must be a size like "100M" (bytes, with an optional K, M or G)').default('100M'),
  timeout: int(100_000, 600_000_000).default(5_000_000),
});

export const ConfigSchema = z.strictObject({
  cameras: z.array(CameraSchema).min(1, 'needs at least one camera'),
  recording: RecordingSchema.default(() => RecordingSchema.parse({})),
  ffmpeg: FfmpegSchema.default(() => FfmpegSchema.parse({})),
});

export type RawConfig = z.input<typeof ConfigSchema>;
export type Config = z.output<typeof ConfigSchema> & { path: string };
export type Camera = Config['cameras'][number];
export type RecordingConfig = Config['recording'];
