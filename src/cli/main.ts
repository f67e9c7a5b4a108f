// The CLI: builds the program, runs it, and is the one place that prints errors and sets exit codes.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT } from '../errors.js';
import { registerCheck } from './check.js';
import { configureClean } from './clean.js';
import { registerDemo } from './demo.js';
import { registerFootage } from './footage.js';
import { registerExport } from './export.js';
import { registerInstallUnits } from './install-units.js';
import { configureMerge } from './merge.js';
import { registerNotify } from './notify.js';
import { registerOffsite } from './offsite.js';
import { addGlobalOptions } from './program.js';
import { quietOnClosedPipe, reportError } from './report-error.js';
import { registerRecord } from './record.js';
import { registerRun } from './run.js';
import { registerHealth } from './health.js';
import { registerServe } from './serve.js';
import { registerWebPasswd } from './web-passwd.js';
import { registerStatus } from './status.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// The commands that are also programs of their own: `cams-merge` is `cams-manager merge`.
const STANDALONE = { 'cams-merge': configureMerge, 'cams-clean': configureClean } as const;
export type StandaloneName = keyof typeof STANDALONE;

// Builds the commander program with every subcommand.
export function buildProgram(): Command {
  const program = baseProgram('cams-manager').description('Records IP cameras\' RTSP streams to disk, continuously, under systemd.');
  registerCheck(program);
  registerRecord(program);
  registerRun(program);
  configureMerge(program.command('merge'));
  configureClean(program.command('clean'));
  registerInstallUnits(program);
  registerStatus(program);
  registerHealth(program);
  registerFootage(program);
  registerExport(program);
  registerServe(program);
  registerWebPasswd(program);
  registerNotify(program);
  registerOffsite(program);
  registerDemo(program);
  return program;
}

// `cams-merge` or `cams-clean`: that one command as a program, with the global options.
export function buildStandalone(name: StandaloneName): Command {
  return STANDALONE[name](baseProgram(name));
}

function baseProgram(name: string): Command {
  return addGlobalOptions(new Command(name).version(VERSION, '-V, --version', 'print the version'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

// Runs the CLI with argv (without node and script); resolves to the exit code. `program` is
// cams-manager's unless a standalone command (cams-merge, cams-clean) is given.
export async function run(argv: string[], program = buildProgram()): Promise<number> {
  process.stdout.on('error', quietOnClosedPipe); // `cams-manager --help | head`: the reader left
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
  return reportError(error, debug);
}
