// Pure: what a re-read config (SIGHUP) changes for the recorders of `cams-manager run`. A camera's
// fingerprint is what its recorder may read: its own entry and the global sections, less what only
// other programs read (`web:` is serve's; merge_interval and merge_delay the merge's). A change to
// `ffmpeg:` restarts every recorder; another camera's entry or a web password restarts none.
import type { Config } from '../config/schema.js';

export interface CameraPlan {
  start: string[]; // new cameras
  stop: string[]; // cameras no longer in the config (or no longer chosen)
  restart: string[]; // cameras whose recorder would read something else now
  keep: string[];
}

// Every camera's fingerprint, of the cameras chosen (all when `only` is empty).
export function cameraFingerprints(config: Config, only: readonly string[]): Map<string, string> {
  const { cameras, web: _web, recording, ...globals } = config;
  const { merge_interval: _interval, merge_delay: _delay, ...recorder } = recording;
  const shared = JSON.stringify({ ...globals, recording: recorder });
  return new Map(cameras.filter((c) => only.length === 0 || only.includes(c.name)).map((c) => [c.name, `${shared}\n${JSON.stringify(c)}`]));
}

export function planCameras(running: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>): CameraPlan {
  const plan: CameraPlan = { start: [], stop: [], restart: [], keep: [] };
  for (const [name, print] of wanted) {
    const now = running.get(name);
    if (now === undefined) plan.start.push(name);
    else (now === print ? plan.keep : plan.restart).push(name);
  }
  for (const name of running.keys()) if (!wanted.has(name)) plan.stop.push(name);
  return plan;
}
