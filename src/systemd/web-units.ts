// Pure: cams-web.socket and cams-web.service, the socket-activated web server (`cams-manager serve`).
// systemd holds the listening socket; the server starts on the first connection and exits after
// web.idle_exit without one, so it costs no memory while nobody looks.
import { isIP } from 'node:net';
import { CamsError, EXIT } from '../errors.js';
import { parseListenAddress } from '../net/listen-address.js';
import type { Directive, UnitSpec } from './unit-text.js';

export const WEB_SOCKET = 'cams-web.socket';
export const WEB_SERVICE = 'cams-web.service';

// The most the server may use: bench/web-api measured 30 MB of private memory idle and 73–134 MB
// after 320 footage requests (peak seen 137 MB); fragment tables and exports in flight come on top. Past it the kernel ends the server, and the next
// connection starts it afresh.
export const WEB_MEMORY_MAX = '512M';

export interface WebUnitInput {
  listen: string; // web.listen
  system: boolean;
  hardening: Directive[]; // the shared hardening, without write access anywhere
  execStart: string;
}

// web.listen as systemd's ListenStream= takes it: an IP address and a port ("localhost" is 127.0.0.1).
export function listenStream(listen: string): string {
  const address = parseListenAddress(listen);
  const host = address?.host.toLowerCase() === 'localhost' ? '127.0.0.1' : address?.host;
  if (!address || !host || isIP(host) === 0) {
    throw new CamsError(`web.listen "${listen}": cams-web.socket needs an IP address and a port, like 127.0.0.1:8765 or [::1]:8765`, { code: 'E_CONFIG', exitCode: EXIT.CONFIG });
  }
  return isIP(host) === 6 ? `[${host}]:${address.port}` : `${host}:${address.port}`;
}

export function webSocketUnit({ listen }: WebUnitInput): UnitSpec {
  return {
    comment: `${WEB_SOCKET}: listens on web.listen and starts ${WEB_SERVICE} on the first connection.`,
    sections: [
      ['Unit', [['Description', 'cams-manager: web server socket']]],
      ['Socket', [
        ['ListenStream', listenStream(listen)],
        ['FreeBind', 'yes'],
        ['NoDelay', 'yes'],
      ]],
      ['Install', [['WantedBy', 'sockets.target']]],
    ],
  };
}

export function webServiceUnit({ system, hardening, execStart }: WebUnitInput): UnitSpec {
  return {
    comment: `${WEB_SERVICE}: the read-only web server (\`cams-manager serve\`), started by ${WEB_SOCKET}; it exits after web.idle_exit without a connection.`,
    sections: [
      ['Unit', [
        ['Description', 'cams-manager: web server'],
        ['Requires', WEB_SOCKET],
        ['After', WEB_SOCKET],
      ]],
      ['Service', [
        ['Type', 'simple'],
        ['ExecStart', execStart],
        ['SyslogIdentifier', 'cams-web'],
        ['SyslogLevel', 'err'],
        ['TimeoutStopSec', 10],
        ['MemoryMax', WEB_MEMORY_MAX],
        ['LimitCORE', 0],
        ...hardening,
        system ? ['PrivateNetwork', 'yes'] : null,
      ]],
    ],
  };
}
