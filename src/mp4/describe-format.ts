// A short name of what a file holds, for people and for the footage catalogue's runs:
// "h264 1920x1080 + aac" (a change of any part of it starts a new run of footage).
import type { TrackInfo } from './inspect.js';

const CODECS: Record<string, string> = { avc1: 'h264', avc3: 'h264', hev1: 'h265', hvc1: 'h265', mp4a: 'aac', Opus: 'opus', ulaw: 'pcm_mulaw', alaw: 'pcm_alaw' };

export function describeFormat(tracks: readonly TrackInfo[]): string {
  const video = tracks.find((t) => t.kind === 'video');
  const audio = tracks.find((t) => t.kind === 'audio');
  const v = video ? `${CODECS[video.codec] ?? video.codec}${video.width && video.height ? ` ${video.width}x${video.height}` : ''}` : 'no video';
  return audio ? `${v} + ${CODECS[audio.codec] ?? audio.codec}` : v;
}
