// The shell around one camera's Recorder: folders, lock, start-up salvage, signals.
import path from 'node:path';
import type { Camera, Config } from '../config/schema.js';
import { withContext } from '../errors.js';
import { startFfmpeg } from '../ffmpeg/process.js';
import { probeCamera } from '../ffmpeg/probe.js';
import type { Logger } from '../log/logger.js';
import type { Notifier } from '../systemd/notify.js';
import { RecorderEvents } from './events.js';
import { diagnoseUnreadable } from './diagnose.js';
import { admitSegment, describeAdmission, salvageStaging, type Admission } from './admit-segment.js';
import { cameraDirs, type CameraDirs } from './files.js';
import { folderError, makeDirs } from './folders.js';
import { takeLock, type Lock } from './lock.js';
import { startObservers } from './observers.js';
import { Recorder } from './recorder.js';
import { minuteStamp } from './naming.js';
import { AnchorWriter } from './run-anchor.js';
import { recordSegmentTime } from './segment-times.js';
import { clockSynchronised } from '../time/system-clock.js';

export interface RunCameraOptions {
  config: Config;
  camera: Camera;
  log: Logger;
  notifier: Notifier;
  events?: RecorderEvents;
}

// Records one camera until SIGTERM/SIGINT (a second signal forces the stop).
export async function runCamera({ config, camera, log, notifier, events }: RunCameraOptions): Promise<void> {
  const dirs = cameraDirs(camera.output_dir);
  const lock = await prepareFolders(dirs).catch((error: unknown) => {
    throw withContext(`camera "${camera.name}"`, error);
  });
  // State file for `status`, notifications, disk check: listeners only, closed after the last event.
  const recorderEvents = events ?? new RecorderEvents();
  const observers = startObservers(config, camera, recorderEvents, log);
  try {
    let run = 0;
    const recorder = new Recorder({
      camera,
      config,
      log,
      notifier,
      events: recorderEvents,
      probe: () => probeCamera(camera.rtsp_url, { transport: camera.rtsp_transport, socketTimeoutUs: config.ffmpeg.timeout, sampleSeconds: 0 }),
      spawn: startFfmpeg,
      newRunDir: async () => {
        const dir = path.join(dirs.staging, `${Date.now()}-${process.pid}-${++run}`);
        await makeDirs(dir).catch((error: unknown) => Promise.reject(folderError(dir, error)));
        return dir;
      },
      moveSegment: async (runDir, file, nameFor) => {
        const admission = await admitSegment(dirs, path.join(runDir, file), nameFor);
        logAdmission(log, file, admission);
        return admission.kind === 'whole' || admission.kind === 'salvaged' ? admission.file : undefined;
      },
      // After an FFmpeg run, no FFmpeg of ours is alive: every run's leftovers are admitted, so a
      // file that could not be admitted before (a full disk) is tried again after each attempt.
      salvageRun: async () => {
        for (const { name, admission } of await salvageStaging(dirs)) logAdmission(log, name, admission);
      },
      salvageAtStart: () => salvageAtStart(dirs, log),
      diagnose: (reason) => diagnoseUnreadable(camera.rtsp_url, reason),
      anchorWriter: (runDir) => new AnchorWriter(runDir),
      clockSynchronised,
      recordTime: (file, time) => recordSegmentTime(dirs.root, path.basename(file), { name: path.basename(file), ...time }),
      recordStep: (step, at) => recordSegmentTime(dirs.root, minuteStamp(at), { step, at }),
    });
    const onSignal = (signal: string) => {
      log.info(`${signal} received: stopping${recorderStopping ? ' now (second signal)' : ''}`);
      recorderStopping = true;
      recorder.stop();
    };
    let recorderStopping = false;
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
    try {
      await recorder.run();
    } finally {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    }
  } finally {
    await observers.close();
    await lock.release();
  }
}

// The folders the recorder writes, and its lock; a folder that cannot be made is one line, exit 73.
async function prepareFolders(dirs: CameraDirs): Promise<Lock> {
  for (const dir of [dirs.segments, dirs.staging, dirs.quarantine]) await makeDirs(dir).catch((error: unknown) => Promise.reject(folderError(dirs.root, error)));
  return takeLock(path.join(dirs.root, '.recorder.lock'), 'the recorder');
}

async function salvageAtStart(dirs: CameraDirs, log: Logger): Promise<void> {
  const results = await salvageStaging(dirs);
  const admitted = results.filter((r) => r.admission.kind === 'whole' || r.admission.kind === 'salvaged').length;
  if (admitted) log.info(`salvaged ${admitted} segment(s) left by an earlier run`);
  for (const { name, admission } of results) logAdmission(log, name, admission);
}

function logAdmission(log: Logger, name: string, admission: Admission): void {
  const said = describeAdmission(name, admission);
  if (said) log[said.level](said.line);
}
