// `cams-manager status [--json] [--user]`: is every camera recording right now? Exit 0 if so, 3 if not.
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { readStateFile, stateFilePath } from '../recorder/state-file.js';
import { readDisks } from '../status/disks.js';
import { withFootageToday } from '../status/footage-today.js';
import { scanRecordings } from '../status/recordings.js';
import { buildStatus, formatStatus } from '../status/report.js';
import { readSystemdState } from '../status/systemd-state.js';
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
      const now = new Date();
      const systemd = readSystemdState(config.cameras.map((c) => c.name), Boolean(opts.user));
      const cameras = await Promise.all(
        config.cameras.map(async (c) => ({
          name: c.name,
          state: readStateFile(stateFilePath(c.output_dir)),
          files: await withFootageToday(c.output_dir, now, scanRecordings(c.output_dir, config.recording.segment_duration)),
        })),
      );
      const doc = buildStatus(cameras, await systemd, await readDisks(config.cameras), now);
      const text = opts.json ? JSON.stringify(doc, null, 2) + '\n' : formatStatus(doc);
      process.stdout.write(redactText(text));
      process.exitCode = doc.all_recording ? EXIT.OK : EXIT.NOT_RECORDING;
    });
}
