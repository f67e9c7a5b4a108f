// Asks a camera what it sends (ffprobe), in bounded time, and decides how its audio is recorded.
import { CamsError, EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { runProgram } from '../process/run-program.js';
import { FFPROBE } from './tools.js';

export interface ProbeResult {
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string; sampleRate: number | null; channels: number | null } | null;
  keyframeInterval: number | null; // seconds between keyframes, when two were seen
}

export interface ProbeOptions {
  transport: 'tcp' | 'udp';
  socketTimeoutUs: number;
  sampleSeconds?: number; // how long to read packets to measure the keyframe interval
}

export type AudioMode = 'auto' | 'copy' | 'aac' | 'none';
export type AudioPlan = 'copy' | 'aac' | 'none';

// Audio codecs that the MP4 muxer takes as they are and that join cleanly across segments.
const MP4_AUDIO = new Set(['aac']);

// Probes an RTSP URL; throws E_PROBE with FFprobe's own (redacted) reason on failure.
export async function probeCamera(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const sample = options.sampleSeconds ?? 5;
  const args = buildProbeArgs(url, { ...options, sampleSeconds: sample });
  const result = await runProgram(FFPROBE, args, { timeoutMs: Math.ceil(options.socketTimeoutUs / 1000) * 2 + sample * 1000 + 5000 });
  if (result.exitCode !== 0 || result.timedOut) {
    const reason = result.timedOut
      ? 'no answer in time'
      : result.failedToStart
        ? `"${FFPROBE}" was not found or does not run (install it: sudo apt-get install ffmpeg)`
        : lastLine(result.stderr) || `ffprobe exited ${result.exitCode ?? `on ${result.signal}`}`;
    throw new CamsError(`probing ${redactText(url)} failed: ${redactText(reason)}`, { code: 'E_PROBE', exitCode: EXIT.FAILURE });
  }
  return parseProbeOutput(result.stdout);
}

const STREAM_ENTRIES = 'stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,sample_rate,channels';

// Pure: the ffprobe command line for probeCamera.
export function buildProbeArgs(url: string, options: Required<ProbeOptions>): string[] {
  return [
    '-v', 'error',
    '-rtsp_transport', options.transport,
    '-timeout', String(options.socketTimeoutUs),
    // Packets are read only to measure the keyframe interval, and only for a bounded time: on a
    // live stream, asking for packets without -read_intervals never ends.
    ...(options.sampleSeconds > 0 ? ['-read_intervals', `%+${options.sampleSeconds}`] : []),
    '-show_entries',
    STREAM_ENTRIES + (options.sampleSeconds > 0 ? ':packet=stream_index,pts_time,flags' : ''),
    '-of', 'json',
    url,
  ];
}

interface RawProbe {
  streams?: Array<Record<string, unknown>>;
  packets?: Array<{ stream_index?: number; pts_time?: string; flags?: string }>;
}

// Pure: ffprobe's JSON → ProbeResult.
export function parseProbeOutput(json: string): ProbeResult {
  const raw = JSON.parse(json) as RawProbe;
  const streams = raw.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    video: v
      ? { codec: String(v.codec_name), width: Number(v.width), height: Number(v.height), fps: parseRate(v.avg_frame_rate) ?? parseRate(v.r_frame_rate) }
      : null,
    audio: a ? { codec: String(a.codec_name), sampleRate: numberOrNull(a.sample_rate), channels: numberOrNull(a.channels) } : null,
    keyframeInterval: v ? keyframeInterval(raw.packets ?? [], Number(v.index)) : null,
  };
}

// Pure: what the recorder does with a camera's audio, given the config's mode and the probe.
export function planAudio(mode: AudioMode, audioCodec: string | null): AudioPlan {
  if (mode === 'none' || audioCodec === null) return 'none';
  if (mode === 'copy' || mode === 'aac') return mode;
  return MP4_AUDIO.has(audioCodec) ? 'copy' : 'aac';
}

// "copied as is" / "needs transcoding to AAC": what `check --probe` says of an audio codec.
export function describeAudio(codec: string): string {
  return MP4_AUDIO.has(codec) ? 'can be copied into MP4' : 'needs transcoding to AAC (cannot be copied into MP4)';
}

function keyframeInterval(packets: NonNullable<RawProbe['packets']>, videoIndex: number): number | null {
  const times = packets
    .filter((p) => p.stream_index === videoIndex && p.flags?.includes('K') && p.pts_time !== undefined)
    .map((p) => Number(p.pts_time))
    .filter(Number.isFinite);
  if (times.length < 2) return null;
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((x, y) => x - y);
  return Math.round(gaps[Math.floor(gaps.length / 2)]! * 100) / 100;
}

function parseRate(value: unknown): number | null {
  const [num, den] = String(value ?? '').split('/').map(Number);
  if (!num || !den) return null;
  return Math.round((num / den) * 100) / 100;
}

function numberOrNull(value: unknown): number | null {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? null : n;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
