// Facts about recorded files, read with the real ffprobe and ffmpeg.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

// The errors `ffmpeg -v error -i file -f null -` prints: '' for a file that decodes cleanly.
export async function decodeErrors(file: string): Promise<string> {
  const r = await execa('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-'], { reject: false });
  return `${r.stderr}`.trim() || (r.exitCode === 0 ? '' : `exit ${r.exitCode}`);
}

export interface StreamInfo {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
}

export async function probeFile(file: string): Promise<{ streams: StreamInfo[]; duration: number }> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  const json = JSON.parse(String(r.stdout)) as { streams: StreamInfo[]; format: { duration?: string } };
  return { streams: json.streams, duration: Number(json.format.duration ?? 0) };
}

// The .mp4 files of a folder, sorted by name ([] if it does not exist).
export function mp4Files(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

export async function totalDuration(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files) sum += (await probeFile(f)).duration;
  return sum;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls until check() is truthy or timeoutMs passes; returns the last value.
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs: number, stepMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > end) return value;
    await sleep(stepMs);
  }
}

// pts of every packet, per stream type ("video", "audio"), in presentation order.
export async function packetTimes(file: string): Promise<Record<string, number[]>> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'packet=codec_type,pts_time', '-of', 'csv=p=0', file]);
  const times: Record<string, number[]> = {};
  for (const line of String(r.stdout).trim().split('\n')) {
    const [type, pts] = line.split(',');
    (times[type!] ??= []).push(Number(pts));
  }
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  return times;
}

export interface Packet {
  pts: number; // in the stream's time base (an MP4 track's timescale)
  dts: number;
  size: number;
  key: boolean;
  discard: boolean; // before the edit list's start: decoded, not shown
}

// Every packet of each stream by ffprobe, in file order, keyed by the MP4 track id.
export async function packetsByTrack(file: string): Promise<Map<number, Packet[]>> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=index,id:packet=stream_index,pts,dts,size,flags', '-of', 'json', file]);
  const json = JSON.parse(String(r.stdout)) as { streams: Array<{ index: number; id: string }>; packets: Array<{ stream_index: number; pts: number; dts: number; size: string; flags: string }> };
  const byTrack = new Map<number, Packet[]>(json.streams.map((s) => [Number(s.id), []]));
  for (const p of json.packets) {
    const id = Number(json.streams.find((s) => s.index === p.stream_index)!.id);
    byTrack.get(id)!.push({ pts: p.pts, dts: p.dts, size: Number(p.size), key: p.flags.includes('K'), discard: p.flags.includes('D') });
  }
  return byTrack;
}

export interface SubtitleCue {
  start: number; // seconds into the file
  end: number;
  text: string;
}

// The cues of a file's first subtitle track, as FFmpeg reads them (converted to SRT).
export async function subtitleCues(file: string): Promise<SubtitleCue[]> {
  const r = await execa('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-map', '0:s:0', '-f', 'srt', '-']);
  const seconds = (t: string) => t.split(/[:,]/).map(Number).reduce((n, v, i) => (i < 3 ? n * 60 + v : n + v / 1000), 0);
  return String(r.stdout).trim().split(/\r?\n\r?\n/).map((block) => {
    const [, times, ...text] = block.split(/\r?\n/);
    const [start, end] = times!.split(' --> ');
    return { start: seconds(start!), end: seconds(end!), text: text.join('\n') };
  });
}
