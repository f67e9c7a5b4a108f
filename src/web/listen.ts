// The web server's socket and lifetime: the socket systemd passed (socket activation) or the
// --listen address, exit after an idle time, and a graceful stop on SIGTERM or SIGINT.
import type { Server, ServerResponse } from 'node:http';
import { isIP, isIPv6, type AddressInfo } from 'node:net';
import { parseDuration } from '../config/duration.js';
import { CamsError, EXIT } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { formatDuration } from '../log/duration.js';
import { parseListenAddress, type ListenAddress } from '../net/listen-address.js';
import { createIdleTimer } from './idle-timer.js';
import { clearActivation, readActivation } from './socket-activation.js';

export interface ListenOptions {
  listen?: string; // --listen
  configListen: string; // web.listen (checked by the config schema)
  idleExit?: string; // --idle-exit
  configIdleExit: number; // web.idle_exit, in seconds (checked by the config schema)
  check: (host: string) => void; // throws when the server may not serve on this address (exposure.ts)
  log: Logger;
  env?: NodeJS.ProcessEnv; // default process.env (the LISTEN_* variables are removed from it)
  pid?: number; // default process.pid
}

// Where the server listens, as the kernel says: an address and port, or the path of a Unix socket
// (systemd's ListenStream=/run/….sock).
export type BoundAddress = ListenAddress | { path: string };

export interface Listening {
  address: BoundAddress;
  activated: boolean; // the socket came from systemd
  stopped: Promise<void>; // resolves once the server has closed (idle exit or a signal)
}

// In-flight requests get this long after SIGTERM (or an idle exit) before their connections are cut.
export const STOP_GRACE_MS = 5000;

// Listens, then watches for idleness and signals; `stopped` resolves when it is time to exit 0.
export async function listenWeb(server: Server, options: ListenOptions): Promise<Listening> {
  const env = options.env ?? process.env;
  const activation = readActivation(env, options.pid ?? process.pid);
  clearActivation(env);
  const { log } = options;
  let address: BoundAddress;
  if (activation) {
    if (options.listen !== undefined) log.info(`--listen ${options.listen} is ignored: systemd passed the socket to listen on`);
    if (activation.count > 1) log.warn(`systemd passed ${activation.count} sockets: only the first (fd ${activation.fd}) is used`);
    address = await listenOn(server, { fd: activation.fd }, `the socket systemd passed (fd ${activation.fd})`);
    // A Unix socket is local, like loopback: its file's permissions say who may connect.
    if (!('path' in address)) checkPassedSocket(server, address, options);
  } else {
    const wanted = options.listen !== undefined ? parseListen(options.listen) : parseListenAddress(options.configListen)!;
    options.check(wanted.host);
    address = await listenOn(server, wanted, `"${formatListen(wanted)}"`);
  }
  const idleMs = idleExitMs(options, Boolean(activation));
  log.info(`listening on ${'path' in address ? `the Unix socket ${address.path}` : `http://${formatListen(address)}/`} (${activation ? 'socket from systemd' : options.listen !== undefined ? '--listen' : 'web.listen'})` +
    (idleMs > 0 ? `; exits after ${spoken(idleMs)} without a connection` : ''));
  return { address, activated: Boolean(activation), stopped: watchLifetime(server, idleMs, log) };
}

// Warns when web.listen no longer names the socket systemd passed; closes the server and throws
// when the exposure check refuses its address.
function checkPassedSocket(server: Server, address: ListenAddress, options: ListenOptions): void {
  if (!describesSocket(options.configListen, address)) {
    options.log.warn(`web.listen is ${options.configListen}, but systemd passed a socket on ${formatListen(address)}: run install-units again, then systemctl restart cams-web.socket`);
  }
  try {
    options.check(address.host);
  } catch (error) {
    server.close();
    throw error;
  }
}

// "127.0.0.1:8765", "[::1]:8765" or "localhost:8765" from --listen; a bad one is one line (exit 64).
export function parseListen(text: string): ListenAddress {
  const address = parseListenAddress(text);
  if (address) return address;
  throw new CamsError(`--listen "${text}" is not an address: use host:port, like 127.0.0.1:8765 or [::1]:8765`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
}

// --idle-exit "10m", "90s", "1h30m" or seconds, in ms; a bad one is one line (exit 64).
export function parseIdleExit(text: string): number {
  const seconds = parseDuration(text);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  throw new CamsError(`--idle-exit "${text}" is not a duration: use 10m, 90s, 1h30m or 0 (never)`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
}

// host:port, with brackets around an IPv6 address.
export function formatListen({ host, port }: ListenAddress): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

// Whether web.listen names the socket systemd bound ("localhost" is 127.0.0.1; another host name
// is not resolved, only its port compared).
export function describesSocket(configListen: string, bound: ListenAddress): boolean {
  const wanted = parseListenAddress(configListen);
  if (!wanted || wanted.port !== bound.port) return false;
  const host = wanted.host.toLowerCase() === 'localhost' ? '127.0.0.1' : wanted.host;
  return isIP(host) === 0 || host === bound.host;
}

// With socket activation web.idle_exit applies (systemd starts the server again); without it, only
// an explicit --idle-exit does (nothing would start it again).
function idleExitMs(options: ListenOptions, activated: boolean): number {
  if (options.idleExit !== undefined) return parseIdleExit(options.idleExit);
  return activated ? Math.round(options.configIdleExit * 1000) : 0;
}

function listenOn(server: Server, where: ListenAddress | { fd: number }, what: string): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the address is in use' : error.code === 'EACCES' ? 'permission denied (a port below 1024 needs privileges)' : error.message;
      reject(new CamsError(`cannot listen on ${what}: ${why}`, { code: 'E_LISTEN', exitCode: EXIT.FAILURE, cause: error }));
    };
    server.once('error', failed);
    const listening = () => {
      server.off('error', failed);
      const info = server.address() as AddressInfo | string;
      resolve(typeof info === 'string' ? { path: info } : { host: info.address, port: info.port });
    };
    if ('fd' in where) server.listen({ fd: where.fd }, listening);
    else server.listen({ host: where.host, port: where.port, exclusive: true }, listening);
  });
}

// Resolves once the server has closed after an idle time or the first SIGTERM/SIGINT; a second
// signal exits at once (130 or 143).
function watchLifetime(server: Server, idleMs: number, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const idle = idleMs > 0 ? createIdleTimer({ idleMs, onIdle: () => stop(`no connection for ${spoken(idleMs)}: exiting`) }) : undefined;
    if (idle) server.on('connection', (socket) => socket.once('close', idle.busy()));
    // Requests in flight: they count as busy, and once stopping, each one's connection closes
    // as soon as its answer is out (instead of lingering as keep-alive until the grace ends).
    const inFlight = new Set<ServerResponse>();
    server.on('request', (_req, res: ServerResponse) => {
      inFlight.add(res);
      const done = idle?.busy();
      res.once('close', () => {
        inFlight.delete(res);
        done?.();
        if (stopping) server.closeIdleConnections();
      });
    });
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting now, cutting the requests in flight`);
        process.exit(signal === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED);
        return;
      }
      stop(`${signal}: finishing the requests in flight, then exiting`);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    function stop(why: string): void {
      stopping = true;
      idle?.stop();
      log.info(why);
      server.close(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        clearTimeout(cut);
        resolve();
      });
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
      cut.unref();
    }
  });
}

// "10 min", "90 s", or "500 ms" below a second.
function spoken(ms: number): string {
  return ms < 1000 ? `${ms} ms` : formatDuration(ms / 1000);
}
