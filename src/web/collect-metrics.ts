// The shell of /metrics: gathers what `status` gathers (status/collect.ts, read once per scrape)
// and each camera's last merge and clean, then maps them to metric families (status-metrics.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { JOB_NAMES, readJobRun } from '../status/job-runs.js';
import { unitDirectory } from '../systemd/systemctl.js';
import type { MetricFamily } from './metrics.js';
import { sharedStatus } from './shared-status.js';
import { statusMetrics, type CameraMetrics } from './status-metrics.js';

export async function collectMetrics(config: Config, now: Date, env = process.env): Promise<MetricFamily[]> {
  const { doc, inputs } = await sharedStatus(config, { now, user: unitsOfUser(env) });
  const cameras = doc.cameras.map((report, i): CameraMetrics => {
    const runs = readRuns(config.cameras[i]!.output_dir);
    return { report, files: inputs[i]!.files, recorder: inputs[i]!.state, runs };
  });
  return statusMetrics(cameras, doc.disks, now);
}

function readRuns(outputDir: string): CameraMetrics['runs'] {
  const runs: CameraMetrics['runs'] = {};
  for (const job of JOB_NAMES) {
    const run = readJobRun(outputDir, job);
    if (run) runs[job] = run;
  }
  return runs;
}

// Which systemd manager runs the recorders: the user's when install-units --user put them there
// and the system has none (the server has no --user flag: it goes where the units are).
export function unitsOfUser(env: NodeJS.ProcessEnv, exists: (file: string) => boolean = existsSync): boolean {
  const unit = 'cams-record@.service';
  return !exists(path.join(unitDirectory(false, env), unit)) && exists(path.join(unitDirectory(true, env), unit));
}
