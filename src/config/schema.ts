// The config schema: every key, its default and its range. Types come from here.
import { z } from 'zod';
import { parseListenAddress } from '../net/listen-address.js';
import { parseDuration } from './duration.js';
import { NotifySchema } from './notify-schema.js';
import { OffsiteSchema } from './offsite-schema.js';
import { checkRtspUrl } from './rtsp-url.js';
import { DEFAULT_MIN_FREE, parseFreeSpace, parseSize } from './size.js';

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
  password_file: z.string().min(1).optional(), // read into rtsp_url by secrets.ts before validation
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

const SIZE_HINT = 'must be a size like "500G" (bytes, with an optional K, M, G or T; 1K = 1024)';
const FREE_HINT = 'must be a size like "50G" or a share of the disk like "10%"';

// A size in bytes, written "500G" or as a plain number of bytes.
const size = () =>
  z.any().transform((value: unknown, ctx) => {
    const bytes = typeof value === 'string' || typeof value === 'number' ? parseSize(value) : undefined;
    if (bytes === undefined || bytes === 0) ctx.addIssue({ code: 'custom', message: SIZE_HINT });
    return bytes ?? 0;
  });

// Disk budget: footage goes oldest-first, across cameras, until every limit set here holds.
export const RetentionSchema = z.strictObject({
  max_usage: size().optional(), // all cameras' recordings together
  max_usage_per_camera: size().optional(),
  min_free: z
    .any()
    .transform((value: unknown, ctx) => {
      const free = typeof value === 'string' || typeof value === 'number' ? parseFreeSpace(value) : undefined;
      if (!free) ctx.addIssue({ code: 'custom', message: FREE_HINT });
      return free ?? { bytes: 0, percent: 0 };
    })
    .default(() => DEFAULT_MIN_FREE), // "0" turns it off
});

export const USER_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const B64 = '[A-Za-z0-9+/]+={0,2}';
export const SCRYPT_HASH = new RegExp(`^scrypt\\$\\d{1,8}\\$\\d{1,3}\\$\\d{1,3}\\$${B64}\\$${B64}$`);

// `cams-manager serve`: where it listens and who may look.
export const WebSchema = z.strictObject({
  listen: z
    .string()
    .refine((text) => parseListenAddress(text) !== undefined, 'must be "host:port", like "127.0.0.1:8765" or "[::1]:8765"')
    .default('127.0.0.1:8765'),
  users: z
    .record(
      z.string().regex(USER_NAME, 'a user name is 1-64 letters, digits, "_", ".", "@" or "-"'),
      z.string().regex(SCRYPT_HASH, 'must be a hash printed by "cams-manager web-passwd NAME" (scrypt$N$r$p$salt$hash), never a password'),
    )
    .default({}),
  trust_proxy: z.boolean().default(false),
  idle_exit: z
    .any()
    .transform((value: unknown, ctx) => {
      const seconds = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
      if (seconds === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration like "10m", "90s" or a number of seconds (0: never)' });
      return seconds ?? 0;
    })
    .default(600),
});

export const ConfigSchema = z.strictObject({
  cameras: z.array(CameraSchema).min(1, 'needs at least one camera'),
  recording: RecordingSchema.default(() => RecordingSchema.parse({})),
  ffmpeg: FfmpegSchema.default(() => FfmpegSchema.parse({})),
  notify: NotifySchema.default(() => NotifySchema.parse({})),
  retention: RetentionSchema.default(() => RetentionSchema.parse({})),
  web: WebSchema.default(() => WebSchema.parse({})),
  offsite: OffsiteSchema.optional(), // none: no off-site copy
});

export type RawConfig = z.input<typeof ConfigSchema>;
export type Config = z.output<typeof ConfigSchema> & { path: string };
export type Camera = Config['cameras'][number];
export type RecordingConfig = Config['recording'];
export type RetentionConfig = Config['retention'];
export type WebConfig = Config['web'];
export type { OffsiteConfig } from './offsite-schema.js';
