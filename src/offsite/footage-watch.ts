// Wakes the uploader when a camera's folders change: inotify (fs.watch) on segments/ (a segment
// admitted: plan the newest minutes) and merged/ (the merge wrote a minute: plan the whole, for the
// segments it replaces). A folder that does not exist yet is watched once it does (ensure() is
// called again at each periodic plan, the fallback for anything a watch misses).
import { watch, type FSWatcher } from 'node:fs';
import { cameraDirs } from '../recorder/files.js';

export type FolderChange = 'segments' | 'merged';

export class FootageWatch {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly onChange: (camera: string, folder: FolderChange) => void) {}

  // Watches the camera's folders that are not watched yet (and exist).
  ensure(camera: string, outputDir: string): void {
    const dirs = cameraDirs(outputDir);
    for (const [folder, dir] of [['segments', dirs.segments], ['merged', dirs.merged]] as const) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, () => this.onChange(camera, folder));
        watcher.on('error', () => (watcher.close(), this.watchers.delete(dir))); // removed folder: watched again later
        this.watchers.set(dir, watcher);
      } catch {
        // not there yet
      }
    }
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
