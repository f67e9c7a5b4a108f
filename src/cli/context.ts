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
  config(options?: { secrets?: SecretMode }): Config;
}

// Builds the context from a subcommand's options (with the globals merged in).
export function createContext(command: Command): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const log = createLogger({ verbose: Boolean(options.verbose || options.debug) });
  let location: ConfigLocation | undefined;
  const configs = new Map<SecretMode, Config>();
  const locate = () => (location ??= locateConfig(options.config));
  return {
    options,
    log,
    locate,
    config({ secrets = 'optional' } = {}) {
      let config = configs.get(secrets);
      if (!config) {
        const where = locate();
        log.debug(`config: ${where.path} (${where.reason})`);
        config = loadConfig(where.path, { secrets });
        configs.set(secrets, config);
      }
      return config;
    },
  };
}
