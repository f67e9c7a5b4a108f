// `cams-manager run`: every camera recorded in the foreground, with merge and clean, for machines
// without systemd. A plain command line starts from run-entry.ts; this one serves --help and the
// lines that only commander reads.
import { Option, type Command } from 'commander';
import { runEntry } from './run-entry.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('record every camera in the foreground, with merge and clean, where systemd is not (a container, a laptop)')
    .addOption(new Option('--camera <name>', 'only this camera (repeat for more)').argParser((name: string, names: string[]) => [...names, name]).default([], 'every camera'))
    .addHelpText('after', [
      '',
      'Each camera gets the recorder the units run (cams-record@<camera>.service), restarted as systemd',
      'would (not after exit 78, a bad config) and killed when its watchdog pings stop. SIGTERM or Ctrl-C',
      'stops everything gracefully (exit 0); SIGHUP reads the config again.',
      '',
      'Example:',
      '  cams-manager run -c config.yaml',
    ].join('\n'))
    .action(async (opts: { camera: string[] }, command: Command) => {
      const globals = command.optsWithGlobals<{ config?: string; verbose?: boolean; debug?: boolean }>();
      process.exitCode = await runEntry({ cameras: opts.camera, ...(globals.config === undefined ? {} : { config: globals.config }), verbose: Boolean(globals.verbose), debug: Boolean(globals.debug) });
    });
}
