// What every subcommand gets from the global options: a logger and the config.
import type { Command } from 'commander';
import { loadConfig, locateConfig, type ConfigLocation } from '../config/load.js';
import type { SecretMode } from '../config/secrets.js';
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../log/logger.js';

export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
  debug?: boolean;
}

export interface Context {
  options: GlobalOptions;
  log: Logger;
  locate(): ConfigLocation;
  // Loads and validates on first use; throws a CamsError (exit 78). Secrets are `optional` (left as
  // "***" when missing) unless a command that connects to cameras or Telegram asks for `required`.
  config(options?: { secrets?: SecretMode; onlyCamera?: string }): Config;
}

// Builds the context from a subcommand's options (with the globals merged in).
export function createContext(command: Command): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const log = createLogger({ verbose: Boolean(options.verbose || options.debug) });
  let location: ConfigLocation | undefined;
  const configs = new Map<string, Config>(); // by secrets mode and camera
  const locate = () => (location ??= locateConfig(options.config));
  return {
    options,
    log,
    locate,
    config({ secrets = 'optional', onlyCamera } = {}) {
      const key = `${secrets}:${onlyCamera ?? ''}`;
      let config = configs.get(key);
      if (!config) {
        const where = locate();
        log.debug(`config: ${where.path} (${where.reason})`);
        config = loadConfig(where.path, { secrets, ...(onlyCamera === undefined ? {} : { onlyCamera }) });
        configs.set(key, config);
      }
      return config;
    },
  };
}
