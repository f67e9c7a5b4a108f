// `cams-manager record <camera>`: the long-running recorder that cams-record@<camera>.service runs.
import type { Command } from 'commander';
import { runCamera } from '../recorder/run-camera.js';
import { createNotifier } from '../systemd/notify.js';
import { createContext } from './context.js';
import { selectCameras } from './merge.js';
import type { Camera } from '../config/schema.js';

export function registerRecord(program: Command): void {
  program
    .command('record')
    .argument('<camera>', 'the camera\'s name in the config')
    .description('record one camera until stopped (what cams-record@<camera>.service runs)')
    .addHelpText('after', '\nExample:\n  cams-manager record cam1 -c /etc/cams-manager/config.yaml')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const ctx = createContext(command);
      const config = ctx.config({ secrets: 'required', onlyCamera: name });
      const [camera] = selectCameras(config, name) as [Camera];
      const log = ctx.log.child(camera.name);
      log.info(`recorder starting: ${camera.rtsp_url} → ${camera.output_dir}`);
      await runCamera({ config, camera, log, notifier: createNotifier() });
      log.info('recorder stopped');
    });
}
