// The uploader's one rclone rcd and the remote over it, started on first use and again after it
// died under us (E_RCLONE_EXITED), so a crash of rclone costs one failed action, not the service.
import type { OffsiteConfig } from '../config/offsite-schema.js';
import { startRclone, type RcloneDaemon } from './rclone-daemon.js';
import { openRemote, type Remote } from './remote.js';

export class RemoteSession {
  private daemon: RcloneDaemon | undefined;
  private remote: Remote | undefined;

  constructor(private readonly offsite: OffsiteConfig) {}

  async get(): Promise<Remote> {
    if (this.remote) return this.remote;
    const { offsite } = this;
    this.daemon = await startRclone({ configFile: offsite.rclone_config, bwlimit: offsite.bwlimit });
    this.remote = openRemote(this.daemon, offsite.remote, offsite.rclone_config);
    return this.remote;
  }

  // After rcd died: forget it (stopped, in case it lingers); the next get() starts a new one.
  async reset(): Promise<void> {
    const daemon = this.daemon;
    [this.daemon, this.remote] = [undefined, undefined];
    await daemon?.stop();
  }

  async stop(): Promise<void> {
    await this.reset();
  }
}
