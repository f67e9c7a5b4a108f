// Tells once when free space on a camera's filesystem falls below retention.min_free (and again
// after it was fine in between). Of the cameras sharing a filesystem only the first by name
// reports it, so 16 recorders on one disk send one message.
import { statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { Camera, Config } from '../config/schema.js';
import { parseFreeSpace, type FreeSpace } from '../config/size.js';
import type { Alert } from './grouper.js';
import { formatBytes, MESSAGES } from './messages.js';

export const DISK_CHECK_MS = 60_000;

export interface MinFree {
  bytes?: number;
  percent?: number;
  text: string;
}

// retention.min_free as validated ({ bytes } or { percent }), or as written ("50G", "10%").
export function parseMinFree(value: unknown): MinFree | undefined {
  const free = typeof value === 'string' || typeof value === 'number' ? parseFreeSpace(value) : (value as FreeSpace | undefined);
  if (free && 'bytes' in free && free.bytes > 0) return { bytes: free.bytes, text: formatBytes(free.bytes) };
  if (free && 'percent' in free && free.percent > 0) return { percent: free.percent, text: `${free.percent}%` };
  return undefined;
}

// Pure: is `free` of `total` below the budget?
export function isBelow(min: MinFree, free: number, total: number): boolean {
  if (min.bytes !== undefined) return free < min.bytes;
  return total > 0 && (free / total) * 100 < (min.percent ?? 0);
}

// Starts the periodic check when this camera is the reporter for its filesystem; returns a stop function.
export function watchDisk(config: Config, camera: Camera, alert: (a: Alert) => void): () => void {
  const min = parseMinFree((config as { retention?: { min_free?: unknown } }).retention?.min_free);
  if (!min || !isReporter(config.cameras, camera)) return () => undefined;
  let low = false;
  const check = async () => {
    const fs = await statfs(camera.output_dir).catch(() => undefined);
    if (!fs) return;
    const free = fs.bavail * fs.bsize;
    const below = isBelow(min, free, fs.blocks * fs.bsize);
    if (below && !low) alert({ camera: 'disk', text: MESSAGES.diskLow(camera.output_dir, formatBytes(free), min.text) });
    low = below;
  };
  void check();
  const timer = setInterval(() => void check(), DISK_CHECK_MS).unref();
  return () => clearInterval(timer);
}

function isReporter(cameras: readonly Camera[], me: Camera): boolean {
  const dev = (dir: string) => statSync(dir, { throwIfNoEntry: false })?.dev;
  const mine = dev(me.output_dir);
  return !cameras.some((c) => c.name < me.name && dev(c.output_dir) === mine);
}
