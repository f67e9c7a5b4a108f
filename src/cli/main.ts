// The CLI: builds the program, runs it, and is the one place that prints errors and sets exit codes.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { registerCheck } from './check.js';
import { registerClean } from './clean.js';
import { registerDemo } from './demo.js';
import { registerInstallUnits } from './install-units.js';
import { registerMerge } from './merge.js';
import { registerNotify } from './notify.js';
import { registerRecord } from './record.js';
import { registerStatus } from './status.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Builds the commander program with every subcommand.
export function buildProgram(): Command {
  const program = new Command('cams-manager')
    .description('Records IP cameras\' RTSP streams to disk, continuously, under systemd.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-c, --config <file>', 'config file (default: $CAMS_MANAGER_CONFIG, ./config.yaml, ~/.config/cams-manager/config.yaml, /etc/cams-manager/config.yaml)')
    .option('-v, --verbose', 'log debug lines too')
    .option('--debug', 'show stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCheck(program);
  registerRecord(program);
  registerMerge(program);
  registerClean(program);
  registerInstallUnits(program);
  registerStatus(program);
  registerNotify(program);
  registerDemo(program);
  return program;
}

// Runs the CLI with argv (without node and script); resolves to the exit code.
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    return report(error, argv.includes('--debug'));
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its message already; help and version are not errors.
    // --help and --version are not errors; help shown because no command was given is.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    return EXIT.USAGE;
  }
  if (error instanceof CamsError) {
    const lines = [`cams-manager: ${error.message}`, ...error.details.map((d) => `  ${d}`)];
    // Under journald each line carries the error priority, so `journalctl -p err` shows it.
    const prefix = process.env.JOURNAL_STREAM ? '<3>' : '';
    process.stderr.write(redactText(lines.map((l) => prefix + l).join('\n')) + '\n');
    if (debug && error.cause instanceof Error) process.stderr.write(redactText(error.cause.stack ?? '') + '\n');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(redactText(`${process.env.JOURNAL_STREAM ? '<3>' : ''}cams-manager: unexpected error: ${message}`) + '\n');
  if (debug && error instanceof Error) process.stderr.write(redactText(error.stack ?? '') + '\n');
  else process.stderr.write('  (run again with --debug for details)\n');
  return EXIT.SOFTWARE;
}
