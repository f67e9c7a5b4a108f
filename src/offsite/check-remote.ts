// `check` with `offsite:` set: is rclone there, is the remote known, does it answer and take the
// credentials? One rclone rcd, one listing of the remote's top folder (what `rclone lsd` does).
import type { OffsiteConfig } from '../config/offsite-schema.js';
import { CamsError, EXIT, type ExitCode } from '../errors.js';
import { startRclone } from './rclone-daemon.js';
import { openRemote, verifyHashOf } from './remote.js';

export interface RemoteCheck {
  ok: boolean;
  label: string;
  details?: string[];
  exitCode?: ExitCode;
}

// The one line `check` prints for the remote (with rclone's words below it on a failure).
export async function checkOffsiteRemote(offsite: OffsiteConfig): Promise<RemoteCheck> {
  let daemon;
  try {
    daemon = await startRclone({ configFile: offsite.rclone_config, bwlimit: offsite.bwlimit });
    const remote = openRemote(daemon, offsite.remote, offsite.rclone_config);
    const { exists } = await remote.probe();
    const { hashes } = await remote.info();
    const hash = verifyHashOf(hashes);
    const verified = hash ? `size and ${hash}` : 'size only (no md5 or sha1 there)';
    const folder = exists ? '' : `; its folder does not exist yet (the uploader creates it)`;
    return { ok: true, label: `off-site remote "${offsite.remote}" answers and takes the credentials; uploads are verified by ${verified}${folder}` };
  } catch (error) {
    if (!(error instanceof CamsError)) throw error;
    return { ok: false, label: error.message, details: error.details, exitCode: error.exitCode === EXIT.CONFIG || error.exitCode === EXIT.UNAVAILABLE ? error.exitCode : EXIT.FAILURE };
  } finally {
    await daemon?.stop();
  }
}
