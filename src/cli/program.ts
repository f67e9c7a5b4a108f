// What every command line of the package shares: the global options, and examples that name the
// command as it was typed (`cams-manager merge`, or `cams-merge` for the same command on its own).
import type { Command } from 'commander';

// -c, -v and --debug, on cams-manager and on cams-merge / cams-clean alike.
export function addGlobalOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: $CAMS_MANAGER_CONFIG, ./config.yaml, ~/.config/cams-manager/config.yaml, /etc/cams-manager/config.yaml)')
    .option('-v, --verbose', 'log debug lines too')
    .option('--debug', 'show stack traces of errors');
}

// Adds "Example:\n  <command line> <args>" to the help, with the command line as the user types it.
export function addExample(command: Command, args: string): Command {
  return command.addHelpText('after', () => `\nExample:\n  ${commandLine(command)} ${args}`);
}

// "cams-manager merge" for a subcommand, "cams-merge" for a program of its own.
function commandLine(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
