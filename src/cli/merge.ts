// `cams-manager merge` (and `cams-merge`): joins due segments into per-minute files, per camera.
import { Command, Option } from 'commander';
import type { Camera, Config } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { formatPlan, formatSummary } from '../merge/report.js';
import { DISK_FULL, mergeCamera, type VerifyLevel } from '../merge/run.js';
import { cleanAll } from '../clean/run.js';
import { refreshMergedCaches } from '../footage/merged-files.js';
import { cameraDirs } from '../recorder/files.js';
import { dayPrefix } from '../recorder/naming.js';
import { disksBelowMinFree } from '../clean/low-space.js';
import { formatBytes } from '../notify/messages.js'; // binary units, as the config's sizes and status
import { createContext, type Context } from './context.js';
import { recordRun, type CameraResult } from './record-run.js';
import { addExample } from './program.js';
import { selectCameras } from '../config/select-cameras.js';

// Progress is shown on a terminal when a camera has more than this many minute files to write.
const PROGRESS_FROM = 20;

// Sets up `merge` on the given command: cams-manager's subcommand, or the cams-merge program.
export function configureMerge(command: Command): Command {
  addExample(command, '--dry-run -c /etc/cams-manager/config.yaml');
  return command
    .description('join the segments older than merge_delay into one file per minute (what cams-merge.timer runs)')
    .option('--camera <name>', 'only this camera (default: all)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--all', 'merge every segment, also of minutes not over yet (once the recorders have stopped)')
    .addOption(new Option('--verify <level>', 'check each written file by its structure, or also decode it (slow)').choices(['structure', 'decode']).default('structure'))
    .action(async (opts: MergeOptions, command: Command) => {
      const ctx = createContext(command);
      const cameras = selectCameras(ctx.config(), opts.camera);
      await freeSpaceFirst(ctx, Boolean(opts.dryRun));
      for (const camera of cameras) {
        const record = { job: 'merge' as const, cameras: [camera], dryRun: Boolean(opts.dryRun), resultOf: (code: CameraResult) => code };
        await recordRun(ctx.log, record, () => mergeOne(ctx, camera, opts));
      }
    });
}

// The cameras to work on: all, or the one named by --camera (E_NO_CAMERA if it is unknown).

// A disk below retention.min_free is cleaned before anything is merged (merging writes): so space
// is freed within merge_interval of falling short, not at the next hourly clean, by the job that
// already runs as the service user, with no unit to start and no privilege to ask for.
async function freeSpaceFirst(ctx: Context, dryRun: boolean): Promise<void> {
  const config = ctx.config();
  const low = await disksBelowMinFree(config);
  if (low.length === 0) return;
  for (const disk of low) {
    ctx.log.info(`${formatBytes(disk.free)} free on the disk of ${disk.dir}, less than retention.min_free (${formatBytes(disk.need)}): ${dryRun ? 'the merge would clean first' : 'cleaning first'}`);
  }
  if (dryRun) return;
  try {
    const outcome = await cleanAll({ config, now: new Date(), dryRun: false, log: ctx.log });
    const bytes = outcome.deleted.reduce((sum, r) => sum + r.bytes, 0);
    if (outcome.deleted.length > 0) ctx.log.info(`cleaned: deleted ${outcome.deleted.length} file(s), ${formatBytes(bytes)}`);
    for (const problem of outcome.plan.unmet) ctx.log.warn(`disk budget not met: ${problem}`);
  } catch (error) {
    // A clean that fails (a folder it cannot read) must not keep every camera from being merged.
    ctx.log.error(`cleaning first failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The footage catalogue's caches of today and yesterday, made again after new merged files, so
// that `footage` and `export` answer at once (best effort: they would rebuild them).
async function refreshCatalogue(camera: Camera): Promise<void> {
  const now = Date.now();
  await refreshMergedCaches(camera.output_dir, cameraDirs(camera.output_dir).merged, dayPrefix(new Date(now - 86_400_000)), dayPrefix(new Date(now))).catch(() => undefined);
}

interface MergeOptions {
  camera?: string;
  dryRun?: boolean;
  all?: boolean;
  verify: VerifyLevel;
}

// With --all every segment is due: the plan is asked as if it were a year later.
const ALL_DUE_MS = 365 * 86_400_000;

// Merges one camera; resolves to this camera's exit code, or to 'locked' when another job holds it.
async function mergeOne(ctx: Context, camera: Camera, opts: MergeOptions): Promise<number | 'locked'> {
  const log = ctx.log.child(camera.name);
  const started = performance.now();
  try {
    const outcome = await mergeCamera({
      camera,
      recording: ctx.config().recording,
      now: new Date(Date.now() + (opts.all ? ALL_DUE_MS : 0)),
      dryRun: Boolean(opts.dryRun),
      verify: opts.verify,
      log,
      onProgress: progressPrinter(camera.name),
    });
    const seconds = (performance.now() - started) / 1000;
    if (!opts.dryRun && outcome.minutes > 0) await refreshCatalogue(camera);
    const lines = opts.dryRun ? formatPlan(camera.name, outcome.plan, new Date()) : [formatSummary(camera.name, outcome, seconds, new Date())];
    process.stdout.write(lines.join('\n') + '\n');
    const rule = ctx.config().retention.min_free;
    if (rule.bytes === 0 && rule.percent === 0 && outcome.failures.some((f) => f.endsWith(DISK_FULL))) {
      log.warn('retention.min_free is 0, so nothing makes room on a full disk: set it (for example 5%) and the oldest footage goes first');
    }
    if (outcome.failures.length === 0) return EXIT.OK;
    process.exitCode = EXIT.FAILURE;
    return EXIT.FAILURE;
  } catch (error) {
    if (!(error instanceof CamsError)) throw error;
    if (error.code !== 'E_LOCKED') {
      // One camera's folder that cannot be written does not keep the others from being merged.
      log.error(error.message);
      process.exitCode = error.exitCode;
      return error.exitCode;
    }
    log.warn(`skipped: ${error.message}`);
    process.exitCode ??= EXIT.TEMP_FAIL;
    return 'locked';
  }
}

// On a terminal, "cam1: merging 120/1440 minutes" rewritten in place while a large backlog runs.
function progressPrinter(name: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    if (total <= PROGRESS_FROM) return;
    process.stderr.write(done < total ? `\r${name}: merging ${done + 1}/${total} minute files (${Math.floor((done * 100) / total)}%)` : '\r\x1b[K');
  };
}
