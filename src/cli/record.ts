// `cams-manager record <camera>`: the long-running recorder that cams-record@<camera>.service runs.
// A plain `record` line starts from record-entry.ts instead, which loads far less and gets its
// config from the hidden `record-config` below; this one serves --help and unusual command lines.
import { fstatSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { createContext } from './context.js';
import { selectCameras } from './merge.js';
import { CONFIG_FD, recordCamera } from './record-entry.js';
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
      await recordCamera(config, camera, ctx.log);
    });
  // For record-entry.ts only: the config, validated as `record` validates it, as JSON on fd 3 (a
  // pipe from the recorder; never a terminal or a file, as it holds the camera's password).
  program
    .command('record-config', { hidden: true })
    .argument('<camera>')
    .action((name: string, _opts: unknown, command: Command) => {
      const ctx = createContext(command);
      if (!isPipe(CONFIG_FD)) throw new CamsError(`record-config writes only to the recorder's pipe on fd ${CONFIG_FD}`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const config = ctx.config({ secrets: 'required', onlyCamera: name });
      selectCameras(config, name);
      writeAll(CONFIG_FD, JSON.stringify(config));
    });
}

// A pipe or a socket pair (what Node's spawn gives for 'pipe').
function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false; // not open
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}
