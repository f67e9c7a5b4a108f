// The entry of `cams-manager run` (bundled into dist/bin/run.cjs as the recorder's is): the
// supervisor stays up as long as the recorders, so it loads no more than they do. The config comes
// from `record-config` run as a child, at start and at each SIGHUP.
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import { selectCameras } from '../config/select-cameras.js';
import { createLogger } from '../log/logger.js';
import { supervise } from '../supervisor/supervisor.js';
import { configFromChild, globalArgs } from './config-child.js';
import { plainRunArgs, type RunArgs } from './record-args.js';
import { reportError } from './report-error.js';

// The launcher's way in: the exit code, or undefined when the line is not a plain `run`.
export function leanEntry(argv: readonly string[]): Promise<number> | undefined {
  const args = plainRunArgs(argv);
  return args && runEntry(args);
}

export async function runEntry(args: RunArgs): Promise<number> {
  try {
    const cli = fileURLToPath(new URL('../bin/cams-manager.js', import.meta.url));
    // The whole config, its secrets as far as they can be read: each recorder reads its own.
    const config = await configFromChild(cli, [], args);
    if (typeof config === 'number') return config;
    for (const name of args.cameras) selectCameras(config, name); // one named that is not there: exit 78
    const readConfig = async (): Promise<Config | undefined> => {
      const next = await configFromChild(cli, [], args).catch(() => undefined);
      return typeof next === 'number' ? undefined : next;
    };
    const log = createLogger({ verbose: args.verbose || args.debug });
    return await supervise(config, { cli, configArgs: globalArgs(args), only: args.cameras, log, readConfig });
  } catch (error) {
    return reportError(error, args.debug);
  }
}
