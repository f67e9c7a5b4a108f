// The config as the full CLI validates it, from `cams-manager record-config [camera…]` run as a
// child: for the processes that stay up (the recorder, `run`), which load neither yaml nor zod.
// The child prints any error on the stderr we share and exits with its code; the config comes as
// JSON on a pipe (fd 3: it holds the cameras' passwords).
import { spawn } from 'node:child_process';
import type { Config } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';

// The fd on which `record-config` writes the validated config.
export const CONFIG_FD = 3;

export interface GlobalArgs {
  config?: string;
  verbose: boolean;
  debug: boolean;
}

// -c, -v, --debug as given, for a child of the same command line.
export function globalArgs(args: GlobalArgs): string[] {
  return [...(args.config === undefined ? [] : ['-c', args.config]), ...(args.verbose ? ['-v'] : []), ...(args.debug ? ['--debug'] : [])];
}

// The config, or the exit code of the child that said why not.
export function configFromChild(cli: string, cameras: readonly string[], args: GlobalArgs): Promise<Config | number> {
  const child = spawn(process.execPath, [cli, 'record-config', ...cameras, ...globalArgs(args)], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
  const chunks: Buffer[] = [];
  (child.stdio[CONFIG_FD] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && code !== null) return resolve(code); // it printed why, on our stderr
      if (signal) return reject(new CamsError(`the config check (record-config) was ended by ${signal}`, { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE }));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Config);
      } catch (error) {
        reject(new CamsError('record-config handed over no config', { code: 'E_SOFTWARE', exitCode: EXIT.SOFTWARE, cause: error }));
      }
    });
  });
}
