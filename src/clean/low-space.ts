// The cheap check cams-merge makes before every run: is any recordings disk below
// retention.min_free? One statfs per camera folder, so it can run every merge_interval.
import { stat, statfs } from 'node:fs/promises';
import type { Config } from '../config/schema.js';
import { freeSpaceNeeded } from '../config/size.js';

export interface LowDisk {
  dir: string; // a camera's output_dir on that disk
  free: number; // bytes available
  need: number; // bytes retention.min_free asks for
}

// Disks (one camera folder each) with less free space than retention.min_free.
export async function disksBelowMinFree(config: Config): Promise<LowDisk[]> {
  const low = new Map<number, LowDisk>(); // by device: cameras sharing a disk name it once
  for (const camera of config.cameras) {
    const [info, fs] = await Promise.all([stat(camera.output_dir), statfs(camera.output_dir)]).catch(() => []);
    if (!info || !fs) continue; // not made yet: nothing recorded there
    const free = fs.bavail * fs.bsize;
    const need = freeSpaceNeeded(config.retention.min_free, fs.blocks * fs.bsize);
    if (free < need && !low.has(info.dev)) low.set(info.dev, { dir: camera.output_dir, free, need });
  }
  return [...low.values()];
}
