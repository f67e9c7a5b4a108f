// Pure: the address the web server listens on, as `--listen` and `web.listen` write it, and the
// idle time before a socket-activated server exits, as `--idle-exit` and `web.idle_exit` write it.
import { isIPv4, isIPv6 } from 'node:net';
import { CamsError, EXIT, type ExitCode } from '../errors.js';

export interface ListenAddress {
  host: string; // an IP address: 127.0.0.1, ::1 (no brackets)
  port: number; // 0: any free port (tests)
}

const FORMS = 'write it as 127.0.0.1:8765 or [::1]:8765';

// "127.0.0.1:8765" or "[::1]:8765" → { host, port }; `source` names the flag or key in the error.
export function parseListen(text: string, source: string, exitCode: ExitCode = EXIT.USAGE): ListenAddress {
  const fail = (why: string) =>
    new CamsError(`${source} "${text}": ${why}; ${FORMS}`, { code: 'E_LISTEN', exitCode });
  const m = /^(?:\[([^\]]*)\]|([^[\]:]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) {
    if (isIPv6(text.trim())) throw fail('an IPv6 address needs brackets and a port');
    throw fail(text.includes(':') ? 'not an address and a port' : 'no port');
  }
  const [, v6, v4, portText] = m;
  const port = Number(portText);
  if (port > 65535) throw fail('the port must be 0-65535');
  if (v6 !== undefined) {
    if (!isIPv6(v6)) throw fail(`"${v6}" is not an IPv6 address`);
    return { host: v6, port };
  }
  if (!isIPv4(v4!)) throw fail(`the host must be an IP address, not "${v4}"`);
  return { host: v4!, port };
}

// The form parseListen reads, and systemd's ListenStream= too.
export function formatListen(address: ListenAddress): string {
  return isIPv6(address.host) ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

// "10m", "90s", "1h", "500ms", "1m30s" or a plain number of seconds → ms; 0 turns idle exit off.
export function parseIdleExit(value: string | number, source: string, exitCode: ExitCode = EXIT.USAGE): number {
  const text = String(value).trim();
  const fail = () =>
    new CamsError(`${source} "${text}": not a duration; write it as 10m, 90s, 1h or 0 (never)`, { code: 'E_DURATION', exitCode });
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw fail();
  return Math.round(parts.reduce((ms, [, n, unit]) => ms + Number(n) * UNIT_MS[unit!]!, 0));
}
