// fsync of a folder: a rename or link made in it lasts a crash only once the folder is on disk.
import { open } from 'node:fs/promises';

export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
