// `cams-manager record <camera>`: the long-running recorder that cams-record@<camera>.service runs.
// A plain `record` line starts from record-entry.ts instead, which loads far less and gets its
// config from the hidden `record-config` below; this one serves --help and unusual command lines.
import { fstatSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { createContext } from './context.js';
import { selectCameras } from '../config/select-cameras.js';
import { CONFIG_FD } from './config-child.js';
import { recordCamera, waitLikeTheUnit } from './record-entry.js';
import type { Camera } from '../config/schema.js';

export function registerRecord(program: Command): void {
  program
    .command('record')
    .argument('<camera>', 'the camera\'s name in the config')
    .description('record one camera until stopped (what cams-record@<camera>.service runs)')
    .addHelpText('after', '\nExample:\n  cams-manager record cam1 -c /etc/cams-manager/config.yaml')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const ctx = createContext(command);
      const backoff = await waitLikeTheUnit(ctx.log.child(name));
      const config = ctx.config({ secrets: 'required', onlyCamera: name });
      const [camera] = selectCameras(config, name) as [Camera];
      await recordCamera(config, camera, ctx.log, backoff);
    });
  // For config-child.ts only (the recorder and `run`): the config, validated as `record` validates
  // it, as JSON on fd 3 (a pipe; never a terminal or a file, as it holds the cameras' passwords).
  // One camera: its secrets only, as `record` reads them; several: every camera's, and each one
  // named must be there; none (`run`, which passes no secret on): the secrets that can be read, as
  // `status` reads them, so that one camera's missing password stops only that camera's recorder.
  program
    .command('record-config', { hidden: true })
    .argument('[cameras...]')
    .action((names: string[], _opts: unknown, command: Command) => {
      const ctx = createContext(command);
      if (!isPipe(CONFIG_FD)) throw new CamsError(`record-config writes only to the recorder's pipe on fd ${CONFIG_FD}`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const config = ctx.config({ secrets: names.length === 0 ? 'optional' : 'required', ...(names.length === 1 ? { onlyCamera: names[0]! } : {}) });
      for (const name of names) selectCameras(config, name);
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
