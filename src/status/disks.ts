// Free space per filesystem holding the cameras' output folders (grouped by device).
import { statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';

export interface DiskState {
  path: string; // the first camera folder on it (the nearest existing parent)
  cameras: string[];
  free_bytes: number;
  total_bytes: number;
}

export async function readDisks(cameras: ReadonlyArray<{ name: string; output_dir: string }>): Promise<DiskState[]> {
  const byDevice = new Map<number, DiskState>();
  for (const camera of cameras) {
    const dir = existingParent(camera.output_dir);
    const dev = statSync(dir).dev;
    const known = byDevice.get(dev);
    if (known) {
      known.cameras.push(camera.name);
      continue;
    }
    const fs = await statfs(dir).catch(() => undefined);
    // A pseudo filesystem (/proc, /sys) has no blocks: it holds no recordings, it is no disk.
    if (fs && fs.blocks > 0) byDevice.set(dev, { path: dir, cameras: [camera.name], free_bytes: fs.bavail * fs.bsize, total_bytes: fs.blocks * fs.bsize });
  }
  return [...byDevice.values()];
}

function existingParent(dir: string): string {
  let current = dir;
  while (!statSync(current, { throwIfNoEntry: false })) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
