// Everything that watches a running recorder from outside the loop: the state file for `status`,
// Telegram notifications and the disk-space check. Each only listens to events; none can stop
// or slow recording (RecorderEvents swallows a listener's error; delivery is in the background).
import type { Camera, Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { startCameraNotifications } from '../notify/camera-notifications.js';
import { watchDisk } from '../notify/disk-watch.js';
import { uncleanEndMessage } from '../notify/restart-check.js';
import type { RecorderEvents } from './events.js';
import { publishState, readStateFile, stateFilePath } from './state-file.js';

export interface Observers {
  close(): Promise<void>;
}

// Starts the observers of one camera's recorder (call after taking the camera's lock).
export function startObservers(config: Config, camera: Camera, events: RecorderEvents, log: Logger): Observers {
  const file = stateFilePath(camera.output_dir);
  const restarted = uncleanEndMessage(readStateFile(file), new Date());
  if (restarted) log.warn(restarted.replace(/^\S+ \S+: /, '')); // the log line has the camera's name already
  const state = publishState(file, camera.name, undefined, (error) =>
    log.warn(`cannot write the state file ${file} (status will show this recorder as not running): ${error instanceof Error ? error.message : String(error)}`),
  );
  const notifications = startCameraNotifications(config, camera, log);
  const unsubscribe = [events.on((e) => state.listener(e))];
  let stopDisk = () => undefined as void;
  if (notifications) {
    unsubscribe.push(events.on((e) => notifications.listener(e)));
    if (restarted) notifications.alert({ camera: camera.name, text: restarted });
    stopDisk = watchDisk(config, camera, (a) => notifications.alert(a));
  }
  return {
    async close() {
      stopDisk();
      for (const off of unsubscribe) off();
      await Promise.all([state.close(), notifications?.close()]);
    },
  };
}
