// `cams-manager serve [--listen 127.0.0.1:8765] [--idle-exit 10m]`: a read-only web server over the
// recordings (the page, the JSON API, the files for playback, /metrics). It runs until SIGTERM or SIGINT.
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { parseDuration } from '../config/duration.js';
import { CamsError, EXIT } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { parseListenAddress, type ListenAddress } from '../net/listen-address.js';
import { checkExposure } from '../web/exposure.js';
import { createWebServer } from '../web/server.js';
import { createContext } from './context.js';

interface ServeFlags {
  listen?: string;
  idleExit?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('a read-only web server over the recordings: a page per camera, the JSON API, playback, /metrics')
    .option('--listen <address>', 'host:port to listen on (default: web.listen of the config, 127.0.0.1:8765)')
    .option('--idle-exit <duration>', 'exit after this long without a request, under socket activation (default: web.idle_exit, 10m; 0: never)')
    .addHelpText('after', '\nExamples:\n  cams-manager serve\n  cams-manager serve --listen 0.0.0.0:8765   (needs web.users or web.trust_proxy in the config)')
    .action(async (flags: ServeFlags, command: Command) => {
      const context = createContext(command);
      const config = context.config({ secrets: 'optional' });
      const listen = flags.listen ?? config.web.listen;
      const address = parseListenAddress(listen);
      if (!address) throw new CamsError(`--listen "${listen}" is not an address: use host:port, like 127.0.0.1:8765 or [::1]:8765`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const idleExit = flags.idleExit === undefined ? config.web.idle_exit : parseDuration(flags.idleExit);
      if (idleExit === undefined) throw new CamsError(`--idle-exit "${flags.idleExit}" is not a duration: use 10m, 90s or 0`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      checkExposure(address.host, config.web, config.path);
      const log = context.log;
      const server = createWebServer({ config, log, now: Date.now });
      await listenOn(server, address);
      log.info(`serving ${config.cameras.length} camera${config.cameras.length === 1 ? '' : 's'} on http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}/`);
      await untilStopped(server, log);
    });
}

// Starts listening. (Branch web-units replaces this with src/web/listen.ts: socket activation and idle exit.)
async function listenOn(server: Server, { host, port }: ListenAddress): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CamsError(`cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is taken by another program' : error.message}`, { code: 'E_LISTEN', exitCode: EXIT.UNAVAILABLE, cause: error })),
    );
    server.listen(port, host, resolve);
  });
}

// Resolves once SIGTERM or SIGINT has closed the server (open connections are cut).
async function untilStopped(server: Server, log: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info(`${signal}: stopping the web server`);
      process.off('SIGINT', stop).off('SIGTERM', stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}
