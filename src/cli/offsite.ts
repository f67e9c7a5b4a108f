// `cams-manager offsite`: the off-site uploader (what cams-offsite.service runs, Type=notify), or
// with --once what is pending and exit, or with --dry-run the plan without touching the remote.
import type { Command } from 'commander';
import type { Config, OffsiteConfig } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { MESSAGES } from '../notify/messages.js';
import { Outbox } from '../notify/outbox.js';
import { sendTelegram } from '../notify/telegram.js';
import { planCamera } from '../offsite/camera-job.js';
import type { LagChange } from '../offsite/lag-alarm.js';
import { backlogOf, mergeQueues, queueOf, type Queued } from '../offsite/schedule.js';
import { readOffsiteState } from '../offsite/state.js';
import { Uploader } from '../offsite/uploader.js';
import { formatDryRun } from '../offsite/uploader-report.js';
import { createNotifier, type Notifier } from '../systemd/notify.js';
import { createContext } from './context.js';
import { selectCameras } from '../config/select-cameras.js';
import { addExample } from './program.js';

const DRAIN_MS = 3000; // undelivered notifications are waited for this long at exit
const WATCHDOG_DEFAULT_MS = 10_000;

interface OffsiteOptions {
  once?: boolean;
  dryRun?: boolean;
  camera?: string[];
}

export function registerOffsite(program: Command): void {
  const command = program
    .command('offsite')
    .description('copy the footage to offsite.remote with rclone, newest first (what cams-offsite.service runs)')
    .option('--once', 'upload what is pending (newest first), do the deletes, and exit')
    .option('--dry-run', 'print the plan (newest first) with each camera\'s lag, without touching the remote')
    .option('--camera <name...>', 'only these cameras (default: all)');
  addExample(command, '--dry-run -c /etc/cams-manager/config.yaml');
  command.action(async (opts: OffsiteOptions, cmd: Command) => {
    const ctx = createContext(cmd);
    const config = ctx.config();
    const offsite = offsiteOf(config);
    const cameras = opts.camera ? opts.camera.flatMap((name) => selectCameras(config, name)) : config.cameras;
    if (opts.dryRun) return printDryRun(cameras, offsite);
    await runUploader({ config: ctx.config({ secrets: 'required' }), offsite, cameras, log: ctx.log.child('offsite'), once: Boolean(opts.once) });
  });
}

function offsiteOf(config: Config): OffsiteConfig {
  if (config.offsite) return config.offsite;
  throw new CamsError(`config "${config.path}" has no offsite: section`, { code: 'E_NO_OFFSITE', exitCode: EXIT.CONFIG, details: ['add offsite.remote (an rclone remote such as "nas:cams") to copy the footage off-site'] });
}

async function printDryRun(cameras: Config['cameras'], offsite: OffsiteConfig): Promise<void> {
  const now = Date.now();
  let all: Queued[] = [];
  const backlogs = [];
  for (const camera of cameras) {
    const state = await readOffsiteState(camera.output_dir);
    const queue = queueOf(await planCamera(camera, state, { retentionDays: offsite.retention_days, now, window: false }), now);
    all = mergeQueues(all, queue);
    backlogs.push({ camera: camera.name, ...backlogOf(queue, now) });
  }
  process.stdout.write(formatDryRun(all, backlogs).join('\n') + '\n');
}

interface RunOptions {
  config: Config;
  offsite: OffsiteConfig;
  cameras: Config['cameras'];
  log: Logger;
  once: boolean;
}

// The composition root: the uploader, systemd's notifications, Telegram, the signals.
async function runUploader({ config, offsite, cameras, log, once }: RunOptions): Promise<void> {
  const notifier = createNotifier();
  const safe = (send: () => void) => safeNotify(log, send);
  const outbox = startOutbox(config, log);
  const uploader = new Uploader({
    offsite, cameras, log, once,
    onReady: () => (log.info(`off-site copy of ${cameras.length} camera(s) to "${offsite.remote}" started`), safe(() => notifier.ready())),
    onStatus: (text) => safe(() => notifier.status(text)),
    onLagChange: (camera, change) => lagChanged(log, outbox, camera, change, offsite.max_lag),
  });
  const onSignal = (signal: string) => {
    log.info(`${signal} received: stopping after the transfer in flight`);
    safe(() => notifier.stopping());
    uploader.stop();
  };
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  const watchdog = startWatchdog(notifier, uploader, safe);
  try {
    await uploader.run();
  } finally {
    clearInterval(watchdog);
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    await outbox?.drain(DRAIN_MS);
  }
}

function lagChanged(log: Logger, outbox: Outbox | undefined, camera: string, change: LagChange, maxLag: number): void {
  const text = change.type === 'over' ? MESSAGES.offsiteBehind(camera, change.lagSeconds, maxLag) : MESSAGES.offsiteCaughtUp(camera, change.lagSeconds, change.overSeconds);
  if (change.type === 'over') log.warn(text);
  else log.info(text);
  outbox?.push(text);
}

function startOutbox(config: Config, log: Logger): Outbox | undefined {
  const telegram = config.notify.telegram;
  return telegram ? new Outbox({ send: (text, cancel) => sendTelegram(telegram, text, undefined, cancel), log: log.child('notify') }) : undefined;
}

// WATCHDOG=1 at half of WatchdogSec while the uploader's loop is alive (not stuck in a plan or a transfer).
function startWatchdog(notifier: Notifier, uploader: Uploader, safe: (send: () => void) => void): NodeJS.Timeout | undefined {
  if (!notifier.enabled) return undefined;
  const usec = Number(process.env.WATCHDOG_USEC);
  const every = Number.isFinite(usec) && usec > 0 ? usec / 2000 : WATCHDOG_DEFAULT_MS;
  return setInterval(() => uploader.alive() && safe(() => notifier.watchdog()), every);
}

function safeNotify(log: Logger, send: () => void): void {
  try {
    send();
  } catch (error) {
    log.warn(`sd_notify failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
