// `cams-manager health [CAMERA]`: exit 0 when that camera (or every camera) is recording by its
// state file, else exit 3 with one line saying why. Its own entry, bundled (dist/bin/health.cjs) as
// the recorder's is: a probe runs every few seconds, and the full CLI alone takes 0.2 s to load.
import { existsSync } from 'node:fs';
import { loadConfig, locateConfig } from '../config/load.js';
import { selectCameras } from '../config/select-cameras.js';
import { EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { readStateFile, stateFilePath } from '../recorder/state-file.js';
import { cameraHealth } from '../status/health.js';
import { plainHealthArgs, type HealthArgs } from './record-args.js';
import { reportError } from './report-error.js';

export function leanEntry(argv: readonly string[]): Promise<number> | undefined {
  const args = plainHealthArgs(argv);
  return args && Promise.resolve(healthEntry(args));
}

export function healthEntry(args: HealthArgs, now = new Date()): number {
  try {
    const config = loadConfig(locateConfig(args.config).path, { secrets: 'optional' });
    const health = selectCameras(config, args.camera).map((c) => {
      const file = stateFilePath(c.output_dir);
      return cameraHealth(c.name, readStateFile(file), file, now, existsSync(file));
    });
    const bad = health.filter((h) => !h.ok);
    process.stdout.write(redactText(bad.length === 0 ? `${health.map((h) => h.why).join('; ')}\n` : `${bad.map((h) => h.why).join('; ')}\n`));
    return bad.length === 0 ? EXIT.OK : EXIT.NOT_RECORDING;
  } catch (error) {
    return reportError(error, args.debug);
  }
}
