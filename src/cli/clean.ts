// `cams-manager clean` (and `cams-clean`): deletes recordings past retention or over the disk budget.
import type { Command } from 'commander';
import { formatCleanPlan, formatCleanSummary } from '../clean/report.js';
import { cleanAll, type CleanOutcome } from '../clean/run.js';
import { EXIT } from '../errors.js';
import { createContext } from './context.js';
import { addExample } from './program.js';
import { recordRun, type CameraResult } from './record-run.js';

// Sets up `clean` on the given command: cams-manager's subcommand, or the cams-clean program.
export function configureClean(command: Command): Command {
  addExample(command, '--dry-run -c /etc/cams-manager/config.yaml');
  return command
    .description('delete recordings older than retention_days, and the oldest ones while over the disk budget (what cams-clean.timer runs)')
    .option('--dry-run', 'print what would be deleted and change nothing')
    .action(async (opts: { dryRun?: boolean }, command: Command) => {
      const ctx = createContext(command);
      const config = ctx.config();
      const dryRun = Boolean(opts.dryRun);
      const record = { job: 'clean' as const, cameras: config.cameras, dryRun, resultOf: cameraResult };
      const outcome = await recordRun(ctx.log, record, () => cleanAll({ config, now: new Date(), dryRun, log: ctx.log }));
      const lines: string[] = [];
      for (const camera of config.cameras) {
        const mine = outcome.plan.deletions.filter((d) => d.recording.camera === camera.name);
        const done = dryRun ? mine : mine.filter((d) => outcome.deleted.includes(d.recording));
        lines.push(formatCleanSummary(camera.name, done, dryRun), ...(dryRun ? formatCleanPlan(mine) : []));
      }
      process.stdout.write(lines.join('\n') + '\n');
      for (const problem of outcome.plan.unmet) ctx.log.warn(`disk budget not met: ${problem}`);
      if (outcome.unwritable.length > 0) process.exitCode = EXIT.CANT_CREATE;
      else if (outcome.skipped.length > 0) process.exitCode = EXIT.TEMP_FAIL;
    });
}

// A camera's part of a clean: 73 when its folder could not be written, 'locked' when a merge held it.
function cameraResult(outcome: CleanOutcome, camera: string): CameraResult {
  if (outcome.unwritable.includes(camera)) return EXIT.CANT_CREATE;
  return outcome.skipped.includes(camera) ? 'locked' : EXIT.OK;
}
