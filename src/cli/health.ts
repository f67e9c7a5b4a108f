// `cams-manager health [CAMERA]` for --help and the lines only commander reads; a plain line starts
// from health-entry.ts.
import type { Command } from 'commander';
import { healthEntry } from './health-entry.js';

export function registerHealth(program: Command): void {
  program
    .command('health')
    .argument('[camera]', 'this camera only (default: every camera)')
    .description('exit 0 if the camera (or every camera) is recording by its state file, else 3 with one line saying why (for HEALTHCHECK and probes)')
    .addHelpText('after', '\nExample:\n  cams-manager health cam1 -c /config/config.yaml')
    .action((camera: string | undefined, _opts: unknown, command: Command) => {
      const globals = command.optsWithGlobals<{ config?: string; debug?: boolean }>();
      process.exitCode = healthEntry({ ...(camera === undefined ? {} : { camera }), ...(globals.config === undefined ? {} : { config: globals.config }), debug: Boolean(globals.debug) });
    });
}
