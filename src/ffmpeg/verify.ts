// Checks that a media file is whole: readable, has video, lasts > 0 s, and decodes with no error.
import { execa } from 'execa';
import { redactText } from '../log/redact.js';
import { FFMPEG, FFPROBE } from './tools.js';

export interface MediaCheck {
  ok: boolean;
  reason?: string; // why it is not ok, one line
  duration: number; // seconds (0 when unknown)
  streams: Array<{ type: string; codec: string; width?: number; height?: number }>;
}

export interface VerifyOptions {
  decode?: boolean; // also decode every frame (catches corrupt data); default true
}

export async function verifyMedia(file: string, options: VerifyOptions = {}): Promise<MediaCheck> {
  const probe = await execa(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file], {
    reject: false,
    timeout: 60_000,
  });
  if (probe.exitCode !== 0) return { ok: false, reason: `unreadable: ${firstLine(probe.stderr) || 'ffprobe failed'}`, duration: 0, streams: [] };
  const parsed = JSON.parse(probe.stdout || '{}') as { streams?: Array<Record<string, unknown>>; format?: { duration?: string } };
  const streams = (parsed.streams ?? []).map((s) => ({
    type: String(s.codec_type),
    codec: String(s.codec_name),
    ...(s.width ? { width: Number(s.width), height: Number(s.height) } : {}),
  }));
  const duration = Number(parsed.format?.duration ?? 0) || 0;
  if (!streams.some((s) => s.type === 'video')) return { ok: false, reason: 'has no video stream', duration, streams };
  if (duration <= 0) return { ok: false, reason: 'has no duration', duration, streams };
  if (options.decode !== false) {
    const decode = await execa(FFMPEG, ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-'], { reject: false, timeout: 300_000 });
    const errors = decode.stderr.trim();
    if (decode.exitCode !== 0 || errors) return { ok: false, reason: `does not decode cleanly: ${firstLine(errors) || `exit ${decode.exitCode}`}`, duration, streams };
  }
  return { ok: true, duration, streams };
}

function firstLine(text: string): string {
  return redactText(text.trim().split('\n')[0] ?? '');
}
