// The clean's off-site interlock: which recordings are not off-site yet, by each camera's off-site
// state (read only: the clean never writes or compacts it; the uploader is its one writer).
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { notOffsite } from '../offsite/coverage.js';
import { readOffsiteState } from '../offsite/state.js';
import type { OffsiteInterlock, Recording } from './plan.js';

// Undefined without offsite:. A state that cannot be read counts as nothing off-site for that
// camera (logged): with offsite.required the clean then keeps its footage rather than guess.
export async function offsiteInterlock(config: Config, recordings: readonly Recording[], log: Logger): Promise<OffsiteInterlock | undefined> {
  if (!config.offsite) return undefined;
  const pending = new Set<string>();
  for (const camera of config.cameras) {
    const mine = recordings.filter((r) => r.camera === camera.name);
    if (mine.length === 0) continue;
    const state = await readOffsiteState(camera.output_dir).catch((error: Error) => {
      log.error(`${camera.name}: ${error.message}; every recording counts as not off-site`);
      return undefined;
    });
    // Merged minutes by their name's minute (the clean does not open them): a minute that starts
    // late counts as off-site only when the remote's segments cover the whole minute.
    for (const r of state ? notOffsite(camera.name, mine, state) : mine) pending.add(r.file);
  }
  return { required: config.offsite.required, notOffsite: pending };
}
