// Pure: what a re-read config (SIGHUP) changes for the recorders of `cams-manager run`. A camera's
// fingerprint is everything its recorder reads: its own entry and the config's global sections (a
// change to `recording:` restarts every recorder; another camera's entry restarts none).
import type { Config } from '../config/schema.js';

export interface CameraPlan {
  start: string[]; // new cameras
  stop: string[]; // cameras no longer in the config (or no longer chosen)
  restart: string[]; // cameras whose recorder would read something else now
  keep: string[];
}

// Every camera's fingerprint, of the cameras chosen (all when `only` is empty).
export function cameraFingerprints(config: Config, only: readonly string[]): Map<string, string> {
  const { cameras, ...globals } = config;
  const shared = JSON.stringify(globals);
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

// Cameras named on the command line (--camera) that the config does not have.
export function unknownCameras(config: Config, only: readonly string[]): string[] {
  return only.filter((name) => !config.cameras.some((c) => c.name === name));
}
