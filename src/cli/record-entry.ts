// The recorder's own entry: `cams-manager record <camera>` as the units run it, loading only what
// recording needs (issue 15: at most 10 MB of private memory per camera). The config is read and
// validated by the full CLI in a short-lived child (`cams-manager record-config`, which prints the
// same errors and exits with the same codes), and handed over on a pipe as JSON: so yaml, zod,
// commander and execa never load in the process that stays up for months.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Camera, Config } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { createLogger, type Logger } from '../log/logger.js';
import { runCamera } from '../recorder/run-camera.js';
import { createNotifier } from '../systemd/notify.js';
import { plainRecordArgs, type RecordArgs } from './record-args.js';
import { reportError } from './report-error.js';

// What the bundle of this entry (dist/bin/record.cjs) gives the `cams-manager` launcher.
export interface LeanRecorder {
  plainRecordArgs: typeof plainRecordArgs;
  runRecordEntry: typeof runRecordEntry;
}
export { plainRecordArgs };

// The fd on which `record-config` writes the validated config.
export const CONFIG_FD = 3;

// Runs the recorder; resolves to the exit code.
export async function runRecordEntry(args: RecordArgs): Promise<number> {
  try {
    const handed = await validatedConfig(args);
    if (typeof handed === 'number') return handed;
    const camera = handed.cameras.find((c) => c.name === args.camera);
    if (!camera) throw new CamsError(`camera "${args.camera}" is not in the config record-config handed over`, { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE });
    await recordCamera(handed, camera, createLogger({ verbose: args.verbose || args.debug }));
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    return reportError(error, args.debug);
  }
}

// What `record` does once it has its config, in this entry and in the full CLI alike.
export async function recordCamera(config: Config, camera: Camera, parentLog: Logger): Promise<void> {
  const log = parentLog.child(camera.name);
  log.info(`recorder starting: ${camera.rtsp_url} → ${camera.output_dir}`);
  await runCamera({ config, camera, log, notifier: createNotifier() });
  log.info('recorder stopped');
}

// The config from `cams-manager record-config <camera>` run as a child, or its exit code when it
// failed (it printed why, on the stderr we share).
function validatedConfig(args: RecordArgs): Promise<Config | number> {
  const cli = fileURLToPath(new URL('../bin/cams-manager.js', import.meta.url));
  const options = [...(args.config === undefined ? [] : ['-c', args.config]), ...(args.verbose ? ['-v'] : []), ...(args.debug ? ['--debug'] : [])];
  const child = spawn(process.execPath, [cli, 'record-config', args.camera, ...options], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
  const chunks: Buffer[] = [];
  (child.stdio[CONFIG_FD] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && code !== null) return resolve(code); // it printed why, on our stderr
      if (signal) return reject(new CamsError(`the config check (record-config) was ended by ${signal}`, { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE }));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Config);
      } catch (error) {
        reject(new CamsError(`record-config handed over no config${signal ? ` (${signal})` : ''}`, { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE, cause: error }));
      }
    });
  });
}
