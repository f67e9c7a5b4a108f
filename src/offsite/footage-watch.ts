// Wakes the uploader when a camera's folders change: inotify (fs.watch) on segments/ (a segment
// admitted: plan the newest minutes) and merged/ (the merge wrote a minute: plan the whole, for the
// segments it replaces), and on the camera's folder itself, so that a segments/ or merged/ made
// after the start (the first merge) is watched as soon as it appears.
import { watch, type FSWatcher } from 'node:fs';
import { cameraDirs } from '../recorder/files.js';

export type FolderChange = 'segments' | 'merged';

export class FootageWatch {
  private readonly watchers = new Map<string, FSWatcher>();

  // `name`: the file that changed, when inotify says.
  constructor(private readonly onChange: (camera: string, folder: FolderChange, name: string | undefined) => void) {}

  // Watches the camera's folders that are not watched yet (and exist).
  ensure(camera: string, outputDir: string): void {
    const dirs = cameraDirs(outputDir);
    this.add(dirs.root, () => this.ensure(camera, outputDir));
    for (const folder of ['segments', 'merged'] as const) {
      this.add(dirs[folder], (name) => this.onChange(camera, folder, name));
    }
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private add(dir: string, listener: (name: string | undefined) => void): void {
    if (this.watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => listener(name ?? undefined));
      watcher.on('error', () => (watcher.close(), this.watchers.delete(dir))); // removed: watched again once back
      this.watchers.set(dir, watcher);
    } catch {
      // not there yet: the camera's folder is watched for it, and the periodic plan looks again
    }
  }
}
