// Tells once when free space on a camera's filesystem falls below half of retention.min_free (and
// again after it was fine in between). Of the cameras sharing a filesystem only the first by name
// reports it, so 16 recorders on one disk send one message.
import { statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { Camera, Config } from '../config/schema.js';
import { describeFreeSpace, freeSpaceNeeded, type FreeSpace } from '../config/size.js';
import type { Alert } from './grouper.js';
import { formatBytes, MESSAGES } from './messages.js';

export const DISK_CHECK_MS = 60_000;

// Pure: is the disk low enough to tell a person? Below half of min_free: cams-merge frees space
// whenever free space falls under min_free (every merge_interval), so a disk that sinks to half of
// it is one the clean cannot keep up with (files that are not recordings fill it, or a limit is off).
export function isLow(rule: FreeSpace, free: number, total: number): boolean {
  return free < freeSpaceNeeded(rule, total) / 2;
}

// Starts the periodic check when this camera is the reporter for its filesystem; returns a stop function.
export function watchDisk(config: Config, camera: Camera, alert: (a: Alert) => void): () => void {
  const rule = config.retention.min_free;
  if (freeSpaceNeeded(rule, 1) === 0 || !isReporter(config.cameras, camera)) return () => undefined;
  let low = false;
  const check = async () => {
    const fs = await statfs(camera.output_dir).catch(() => undefined);
    if (!fs) return;
    const free = fs.bavail * fs.bsize;
    const below = isLow(rule, free, fs.blocks * fs.bsize);
    if (below && !low) alert({ camera: 'disk', text: MESSAGES.diskLow(camera.output_dir, formatBytes(free), describeFreeSpace(rule, formatBytes)) });
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
