// Who may ask, judged from a request's headers before its credentials. Pure.
// - Host, when nobody is asked for a password (no web.users, no web.trust_proxy: the loopback-only
//   mode): a page of another site whose name an attacker rebinds to 127.0.0.1 (DNS rebinding)
//   reaches this server with its own name in Host, so only local names are answered.
// - Sec-Fetch-Site (Fetch Metadata): a browser says "cross-site" when a page of another site makes
//   the request; the API and the recordings are for this server's own page, a link or a tool.
import { isIP } from 'node:net';
import { isLoopback } from '../net/listen-address.js';
import { HttpError } from './route.js';

export const HOST_RULE = 'this server answers only requests addressed to localhost, 127.x.x.x, [::1] or the host of web.listen (no web.users or web.trust_proxy: a page of another site is refused)';
const CROSS_SITE_PREFIXES = ['/api/', '/files/'];

// Throws 421 when the Host header names another host than a local one or web.listen's. A request
// without Host (HTTP/1.0; Node answers an HTTP/1.1 one 400 itself) is answered: browsers always send it.
export function checkHost(header: string | undefined, listenHost: string): void {
  if (header === undefined || header === '') return;
  const host = hostName(header);
  if (host === 'localhost' || (isIP(host) !== 0 && isLoopback(host)) || host === listenHost.toLowerCase().replace(/^\[|\]$/g, '')) return;
  throw new HttpError(421, HOST_RULE);
}

// Throws 403 for a browser's request to the API or the files made by a page of another site.
export function checkFetchSite(header: string | string[] | undefined, pathname: string): void {
  if (header !== 'cross-site' || !CROSS_SITE_PREFIXES.some((p) => pathname.startsWith(p))) return;
  throw new HttpError(403, 'a request made by a page of another site (Sec-Fetch-Site: cross-site) is refused: open this server\'s own page');
}

// The name in a Host header, lowercased, without its port and an IPv6 address's brackets.
export function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    return close < 0 ? text : text.slice(1, close);
  }
  const colon = text.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(text.slice(colon + 1)) ? text.slice(0, colon) : text;
}
