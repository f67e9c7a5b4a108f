// The shell around one camera's Recorder: folders, lock, start-up salvage, signals.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Camera, Config } from '../config/schema.js';
import { startFfmpeg } from '../ffmpeg/process.js';
import { probeCamera } from '../ffmpeg/probe.js';
import type { Logger } from '../log/logger.js';
import type { Notifier } from '../systemd/notify.js';
import { RecorderEvents } from './events.js';
import { cameraDirs, moveNoClobber, salvageStaging } from './files.js';
import { takeLock } from './lock.js';
import { startObservers } from './observers.js';
import { Recorder } from './recorder.js';

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
  await mkdir(dirs.segments, { recursive: true });
  await mkdir(dirs.staging, { recursive: true });
  const lock = await takeLock(path.join(dirs.root, '.recorder.lock'), `the recorder of camera "${camera.name}"`);
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
        await mkdir(dir, { recursive: true });
        return dir;
      },
      moveSegment: (runDir, file) => moveNoClobber(path.join(runDir, file), dirs.segments),
      salvageRun: async (runDir) => void (await salvageStaging(dirs, runDir)),
      salvageAtStart: () => salvageAtStart(dirs, log),
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

async function salvageAtStart(dirs: ReturnType<typeof cameraDirs>, log: Logger): Promise<void> {
  const result = await salvageStaging(dirs);
  if (result.moved.length) log.info(`salvaged ${result.moved.length} segment(s) left by an earlier run`);
  for (const q of result.quarantined) log.warn(`moved ${q.file} to quarantine/: it ${q.reason}`);
}
