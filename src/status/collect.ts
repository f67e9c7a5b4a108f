// Everything `status` knows, gathered once: each camera's recorder state file, its files on disk,
// today's footage, with offsite: how far behind the off-site copy is, the units from systemd and
// the disks. Shared by `status`, and by the web server
// (/metrics) so that both read the same files the same way.
import type { Config } from '../config/schema.js';
import { readStateFile, stateFilePath } from '../recorder/state-file.js';
import { readDisks } from './disks.js';
import { readOffsiteLag } from './offsite-lag.js';
import { withFootageToday } from './footage-today.js';
import { scanRecordings } from './recordings.js';
import { buildStatus, type CameraInput, type StatusDocument } from './report.js';
import { readSystemdState } from './systemd-state.js';

export interface CollectedStatus {
  doc: StatusDocument;
  inputs: CameraInput[]; // what the document was built from (the recorder state files among it)
}

export async function collectStatus(config: Pick<Config, 'cameras' | 'recording' | 'offsite'>, options: { now: Date; user: boolean; offsiteReuseMs?: number }): Promise<CollectedStatus> {
  const { now } = options;
  const systemd = readSystemdState(config.cameras.map((c) => c.name), options.user);
  const inputs = await Promise.all(
    config.cameras.map(async (c): Promise<CameraInput> => ({
      name: c.name,
      state: readStateFile(stateFilePath(c.output_dir)),
      files: await withFootageToday(c.output_dir, now, await scanRecordings(c.output_dir, config.recording.segment_duration)),
      ...(config.offsite ? { offsite: await readOffsiteLag(c, config.offsite, now, options.offsiteReuseMs) } : {}),
    })),
  );
  return { doc: buildStatus(inputs, await systemd, await readDisks(config.cameras), now), inputs };
}
