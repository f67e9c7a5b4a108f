// `cams-manager run`: every camera's recorder and the merge and clean jobs as child processes of
// one foreground process, for machines without systemd (a laptop, a container). SIGTERM or SIGINT
// stops every child gracefully and exits 0 (a second one kills them and exits 128+signal); SIGHUP
// reads the config again: new cameras start, removed ones stop, changed ones restart, the others
// keep recording.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { cameraFingerprints, planCameras } from './config-diff.js';
import { Jobs, type JobKind } from './jobs.js';
import { RECORDER_NODE_FLAGS } from '../recorder/process-env.js';
import { recordTimings } from '../systemd/timing.js';
import { RecorderChild, type ChildCommand, type ChildTimings } from './recorder-child.js';

export interface SuperviseOptions {
  cli: string; // dist/bin/cams-manager.js
  configArgs: string[]; // -c FILE, -v, --debug as given: passed on to every child
  only: string[]; // --camera: these cameras only (all when empty)
  log: Logger;
  write?: (line: string) => void;
  readConfig: () => Promise<Config | undefined>; // for SIGHUP: undefined when it is invalid (said why)
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

// Runs until SIGTERM or SIGINT; resolves to the exit code.
export async function supervise(config: Config, o: SuperviseOptions): Promise<number> {
  const write = o.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const socketDir = mkdtempSync(path.join(process.env.XDG_RUNTIME_DIR || tmpdir(), 'cams-run-'));
  const children = new Map<string, RecorderChild>();
  let prints = new Map<string, string>();
  let shuttingDown = false;
  let sockets = 0; // notify sockets are named by a counter: short paths, whatever the camera's name
  const node = (args: string[], flags: readonly string[] = []): ChildCommand => ({ file: process.execPath, args: [...flags, o.cli, ...args, ...o.configArgs] });
  let timings = childTimings(config);
  const startCamera = (name: string) => {
    if (shuttingDown) return;
    const child = new RecorderChild({ camera: name, command: node(['record', name], RECORDER_NODE_FLAGS), socketPath: path.join(socketDir, `${++sockets}.sock`), log: o.log.child(name), write, timings });
    children.set(name, child);
    child.start();
  };
  const stopCamera = async (name: string) => {
    await children.get(name)?.stop();
    children.delete(name);
  };
  // Merge per chosen camera; clean once for the config, as cams-clean.timer does (its disk budgets
  // span every camera, and it takes no --camera).
  const jobCommands = (job: JobKind): ChildCommand[] => (job === 'clean' || o.only.length === 0 ? [node([job])] : o.only.map((name) => node([job, '--camera', name])));
  const jobs = new Jobs({ command: jobCommands, mergeIntervalMs: config.recording.merge_interval * 1000, log: o.log, write });

  const apply = async (next: Config) => {
    const wanted = cameraFingerprints(next, o.only);
    const plan = planCameras(prints, wanted);
    const failed = plan.keep.filter((name) => children.get(name)?.state === 'failed'); // a secret fixed since
    prints = wanted;
    timings = childTimings(next); // a change of them changed a global section: every recorder restarts
    await Promise.all([...plan.stop, ...plan.restart, ...failed].map(stopCamera));
    for (const name of [...plan.start, ...plan.restart, ...failed]) startCamera(name);
    jobs.setMergeInterval(next.recording.merge_interval * 1000);
    return plan;
  };

  const signals: Array<[NodeJS.Signals, () => void]> = [];
  const on = (signal: NodeJS.Signals, handler: () => void) => {
    signals.push([signal, handler]);
    process.on(signal, handler);
  };
  try {
    await apply(config);
    o.log.info(`running ${children.size} recorder(s): ${[...children.keys()].join(', ')}; merge every ${config.recording.merge_interval} s, clean hourly`);
    jobs.start();

    let reloading = Promise.resolve();
    on('SIGHUP', () => {
      reloading = reloading
        .then(async () => {
          if (shuttingDown) return;
          o.log.info('SIGHUP: reading the config again');
          const next = await o.readConfig();
          if (shuttingDown) return;
          if (!next) return o.log.error('the config is not valid: the recorders keep the one they have');
          const plan = await apply(next);
          o.log.info(`config read again: ${plan.start.length} started, ${plan.stop.length} stopped, ${plan.restart.length} restarted, ${plan.keep.length} unchanged`);
        })
        .catch((error: unknown) => o.log.error(`reading the config again failed: ${error instanceof Error ? error.message : String(error)}`));
    });
    const first = await new Promise<NodeJS.Signals>((resolve) => {
      on('SIGTERM', () => resolve('SIGTERM'));
      on('SIGINT', () => resolve('SIGINT'));
    });
    // From here on nothing starts: every child is told to stop now (no restart, no next job), and
    // a reload under way finishes without starting any.
    shuttingDown = true;
    o.log.info(`${first}: stopping ${children.size} recorder(s) (each finalises its segment) and the jobs`);
    let forced: NodeJS.Signals | undefined;
    const force = (again: NodeJS.Signals) => () => {
      if (forced) return;
      forced = again;
      o.log.warn(`${again} again: killing every child now`);
      for (const child of children.values()) child.kill();
      jobs.kill();
    };
    on('SIGTERM', force('SIGTERM'));
    on('SIGINT', force('SIGINT'));
    const stopping = [jobs.stop(), ...[...children.keys()].map(stopCamera)];
    await reloading;
    await Promise.all([...stopping, ...[...children.keys()].map(stopCamera)]);
    return forced ? SIGNAL_EXIT[forced]! : 0;
  } finally {
    for (const [signal, handler] of signals) process.off(signal, handler);
    rmSync(socketDir, { recursive: true, force: true });
  }
}

// The record unit's timings, as install-units writes them.
function childTimings(config: Config): ChildTimings {
  const t = recordTimings(config);
  return { restartMs: config.recording.reconnect_delay * 1000, watchdogMs: t.watchdogSec * 1000, stopTimeoutMs: t.timeoutStopSec * 1000 };
}
