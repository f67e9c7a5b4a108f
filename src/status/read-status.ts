// The facts of `status` for every camera of a config: the recorder's state file, the files on
// disk with today's coverage, the systemd units, the disks. Shared by `status` and `serve`.
import type { Config } from '../config/schema.js';
import { readStateFile, stateFilePath } from '../recorder/state-file.js';
import { readDisks } from './disks.js';
import { withFootageToday } from './footage-today.js';
import { scanRecordings } from './recordings.js';
import { buildStatus, type StatusDocument } from './report.js';
import { readSystemdState } from './systemd-state.js';

// The status document at `now`; `user`: ask the user's systemd manager instead of the system's.
export async function readStatus(config: Pick<Config, 'cameras' | 'recording'>, now: Date, user: boolean): Promise<StatusDocument> {
  const systemd = readSystemdState(config.cameras.map((c) => c.name), user);
  const cameras = await Promise.all(
    config.cameras.map(async (c) => ({
      name: c.name,
      state: readStateFile(stateFilePath(c.output_dir)),
      files: await withFootageToday(c.output_dir, now, scanRecordings(c.output_dir, config.recording.segment_duration)),
    })),
  );
  return buildStatus(cameras, await systemd, await readDisks(config.cameras), now);
}
