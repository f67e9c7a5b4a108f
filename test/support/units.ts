// The options the committed units under systemd/ are generated with (systemd/README.md), and their config.
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { UnitOptions } from '../../src/systemd/units.js';
import { ROOT } from './cli.js';

export const COMMITTED_UNIT_OPTIONS: UnitOptions = {
  flavour: 'system',
  nodePath: '/usr/bin/node',
  entryPath: '/opt/cams-manager/dist/bin/cams-manager.js',
  configPath: '/etc/cams-manager/config.yaml',
  serviceUser: 'cams-manager',
};

export function exampleConfig(): Config {
  return loadConfig(path.join(ROOT, 'config.yaml.example'));
}
