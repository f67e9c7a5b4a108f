// The address the web server listens on, as written in web.listen or --listen: "127.0.0.1:8765",
// "[::1]:8765", "0.0.0.0:80", "localhost:8765". Pure.
import { isIP } from 'node:net';

export interface ListenAddress {
  host: string; // an IP address or a host name, without brackets
  port: number;
}

const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

// host and port of "host:port" or "[v6]:port"; undefined when the text is not such an address.
export function parseListenAddress(text: string): ListenAddress | undefined {
  const m = HOST_PORT.exec(text.trim());
  if (!m) return undefined;
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  if (m[1] !== undefined && isIP(host) !== 6) return undefined;
  return { host, port };
}

// True for an address only this machine reaches: 127.0.0.0/8, ::1, their IPv4-mapped form, "localhost".
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
