// The cameras a command acts on: all, or the one named (an error naming the config and listing the
// cameras there when it is not in it).
import { CamsError, EXIT } from '../errors.js';
import type { Camera, Config } from './schema.js';

export function selectCameras(config: Config, name: string | undefined): Camera[] {
  if (name === undefined) return config.cameras;
  const camera = config.cameras.find((c) => c.name === name);
  if (camera) return [camera];
  throw new CamsError(`camera "${name}" is not in config "${config.path}"`, {
    code: 'E_NO_CAMERA',
    exitCode: EXIT.CONFIG,
    details: [`cameras there: ${config.cameras.map((c) => c.name).join(', ')}`],
  });
}
