// The recorder's own entry: `cams-manager record <camera>` as the units run it, loading only what
// recording needs (issue 15: at most 10 MB of private memory per camera). The config is read and
// validated by the full CLI in a short-lived child (`cams-manager record-config`, which prints the
// same errors and exits with the same codes), and handed over on a pipe as JSON: so yaml, zod,
// commander and execa never load in the process that stays up for months.
import { fileURLToPath } from 'node:url';
import type { Camera, Config } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { createLogger, type Logger } from '../log/logger.js';
import { collectGarbagePeriodically } from '../recorder/periodic-gc.js';
import { runCamera } from '../recorder/run-camera.js';
import { START_ALLOWANCE_MS, waitBeforeStart, type StartBackoff } from '../recorder/start-backoff.js';
import { createNotifier, type Notifier } from '../systemd/notify.js';
import { plainRecordArgs, type RecordArgs } from './record-args.js';
import { configFromChild } from './config-child.js';
import { reportError } from './report-error.js';

// What the bundle of this entry (dist/bin/record.cjs) gives the `cams-manager` launcher: the
// recorder's exit code, or undefined when the command line is not a plain `record <camera>`.
export function leanEntry(argv: readonly string[]): Promise<number> | undefined {
  const args = plainRecordArgs(argv);
  return args && runRecordEntry(args);
}

// Runs the recorder; resolves to the exit code.
export async function runRecordEntry(args: RecordArgs): Promise<number> {
  try {
    const log = createLogger({ verbose: args.verbose || args.debug });
    const backoff = await waitLikeTheUnit(log.child(args.camera));
    const handed = await configFromChild(fileURLToPath(new URL('../bin/cams-manager.js', import.meta.url)), [args.camera], args);
    if (typeof handed === 'number') return handed;
    const camera = handed.cameras.find((c) => c.name === args.camera);
    if (!camera) throw new CamsError(`camera "${args.camera}" is not in the config record-config handed over`, { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE });
    await recordCamera(handed, camera, log, backoff);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    return reportError(error, args.debug);
  }
}

// The record unit's wait before a start that follows a short run (start-backoff.ts), said in the
// log and in the unit's status, the unit's start timeout extended to cover it; first of all, before
// the config is read. sd_notify failing (a broken addon) is a warning: the wait must still happen.
export function waitLikeTheUnit(log: Logger): Promise<StartBackoff> {
  const notify = (send: (notifier: Notifier) => void) => {
    try {
      send(createNotifier());
    } catch (error) {
      log.warn(`cannot tell systemd: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const onWait = (why: string, ms: number) => {
    log.warn(why);
    notify((notifier) => {
      notifier.status(why);
      notifier.extendStartTimeout(ms + START_ALLOWANCE_MS);
    });
  };
  return waitBeforeStart({ dir: process.env.RUNTIME_DIRECTORY, onWait, warn: (text) => log.warn(text) });
}

// What `record` does once it has its config, in this entry and in the full CLI alike.
export async function recordCamera(config: Config, camera: Camera, parentLog: Logger, backoff: StartBackoff): Promise<void> {
  const log = parentLog.child(camera.name);
  await backoff.setBase(config.recording.reconnect_delay * 1000);
  log.info(`recorder starting: ${camera.rtsp_url} → ${camera.output_dir}`);
  const stopCollecting = collectGarbagePeriodically();
  try {
    await runCamera({ config, camera, log, notifier: createNotifier() });
  } finally {
    stopCollecting();
  }
  log.info('recorder stopped');
}
