// `cams-manager serve [--listen 127.0.0.1:8765] [--idle-exit 10m]`: a read-only web server over the
// recordings (the page, the JSON API, the files for playback, /metrics). It runs until SIGTERM or
// SIGINT, or, started by cams-web.socket, until web.idle_exit passes without a connection.
import type { Command } from 'commander';
import { checkExposure } from '../web/exposure.js';
import { listenWeb } from '../web/listen.js';
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
    .option('--listen <address>', 'host:port to listen on (default: web.listen of the config, 127.0.0.1:8765; ignored when systemd passes the socket)')
    .option('--idle-exit <duration>', 'exit after this long without a connection (default under socket activation: web.idle_exit, 10m; otherwise never; 0: never)')
    .addHelpText('after', '\nExamples:\n  cams-manager serve\n  cams-manager serve --listen 0.0.0.0:8765   (needs web.users or web.trust_proxy in the config)\n  systemctl enable --now cams-web.socket      (started on the first connection, after install-units)')
    .action(async (flags: ServeFlags, command: Command) => {
      const context = createContext(command);
      const config = context.config({ secrets: 'optional' });
      const log = context.log;
      const server = createWebServer({ config, log, now: Date.now });
      const listening = await listenWeb(server, {
        ...(flags.listen === undefined ? {} : { listen: flags.listen }),
        ...(flags.idleExit === undefined ? {} : { idleExit: flags.idleExit }),
        configListen: config.web.listen,
        configIdleExit: config.web.idle_exit,
        check: (host) => checkExposure(host, config.web, config.path),
        log,
      });
      log.info(`serving ${config.cameras.length} camera${config.cameras.length === 1 ? '' : 's'}`);
      await listening.stopped;
    });
}
