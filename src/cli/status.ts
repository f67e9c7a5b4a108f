// `cams-manager status [--json] [--user]`: is every camera recording right now? Exit 0 if so, 3 if not.
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { collectStatus } from '../status/collect.js';
import { formatStatus } from '../status/report.js';
import { createContext } from './context.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('one line per camera: unit, recorder state, newest footage, today\'s coverage, disk; exit 3 if any camera is not recording')
    .option('--json', 'print a JSON document instead of the table')
    .option('--user', 'ask the user\'s systemd manager (units installed with --user)')
    .addHelpText('after', '\nExample:\n  cams-manager status --json -c /etc/cams-manager/config.yaml')
    .action(async (opts: { json?: boolean; user?: boolean }, command: Command) => {
      const config = createContext(command).config({ secrets: 'optional' });
      const { doc } = await collectStatus(config, { now: new Date(), user: Boolean(opts.user) });
      const text = opts.json ? JSON.stringify(doc, null, 2) + '\n' : formatStatus(doc);
      process.stdout.write(redactText(text));
      process.exitCode = doc.all_recording ? EXIT.OK : EXIT.NOT_RECORDING;
    });
}
