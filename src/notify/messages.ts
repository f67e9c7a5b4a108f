// Pure: the text of every notification. Short, one line where possible, never a URL or a token.
import os from 'node:os';
import { formatDuration } from '../log/duration.js';

export { formatDuration }; // notifications' users import it from here

export const MESSAGES = {
  lost: (camera: string, seconds: number, reason: string) => `🔴 ${camera}: lost, no footage for ${formatDuration(seconds)} (${reason})`,
  back: (camera: string, seconds: number, stalled: boolean) => `🟢 ${camera}: back (gone ${formatDuration(seconds)})${stalled ? ', the stream had frozen' : ''}`,
  stallRecovered: (camera: string, seconds: number) => `🟡 ${camera}: stall recovered, the stream froze and recording resumed after ${formatDuration(seconds)}`,
  blip: (camera: string, seconds: number) => `${camera}: dropped for ${formatDuration(seconds)}`,
  restarted: (camera: string, state: string, secondsAgo: number) =>
    `🔁 ${camera}: recorder restarted after an unclean end (systemd watchdog or crash); it was ${state} ${formatDuration(secondsAgo)} ago`,
  diskLow: (dir: string, free: string, min: string) => `💾 low disk: only ${free} free on the filesystem of ${dir}, less than half of retention.min_free (${min}): the clean cannot keep up`,
  jobFailed: (unit: string, lines: string[]) => [`❌ ${unit} failed on ${os.hostname()}`, ...lines.map((l) => `  ${l}`)].join('\n'),
  offsiteBehind: (camera: string, lagSeconds: number, maxLagSeconds: number) => `📤 ${camera}: off-site copy behind, the oldest footage not off-site is ${formatDuration(lagSeconds)} old (offsite.max_lag ${formatDuration(maxLagSeconds)})`,
  offsiteCaughtUp: (camera: string, lagSeconds: number, overSeconds: number) => `📤 ${camera}: off-site copy caught up (lag ${formatDuration(lagSeconds)}, it was behind for ${formatDuration(overSeconds)})`,
  test: () => `✅ cams-manager on ${os.hostname()}: test message, notifications work`,
};

// "1.5 GiB"
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) (value /= 1024, i++);
  return `${i === 0 ? value : value.toFixed(1)} ${units[i]}`;
}
