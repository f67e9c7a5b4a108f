// HTTP Basic auth (RFC 7617) against web.users. A verified name and password is remembered (by an
// HMAC of both, never the password) so that the many range requests of a player cost one scrypt.
// A failed login is logged with the client's address and the name, and that address waits longer
// after each failure (bounded); nothing spins while it waits. An address has one login checked at a
// time: another one from it meanwhile is 429, so parallel guesses do not share one delay.
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CamsError, EXIT } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { parseScryptHash, verifyPassword, type ScryptHash } from './password-hash.js';
import { HttpError } from './route.js';

export const REALM = 'cams-manager';
export const MAX_REMEMBERED = 256; // verified credentials kept
export const MAX_DELAY_MS = 10_000; // the longest wait after failed logins
const FIRST_DELAY_MS = 250; // doubled after each failure of an address
const FORGET_FAILURES_MS = 15 * 60_000; // an address's failures are forgotten after this quiet time
const MAX_ADDRESSES = 4096; // addresses with failures kept
const MAX_VERIFYING = 8; // scrypt runs at once; more is 503 (each costs 16 MiB and ~50 ms of CPU)

export interface AuthOptions {
  users: Record<string, string>; // name → "scrypt$…"
  log: Logger;
  now: () => number;
  trustProxy?: boolean; // the client's address is the last one in X-Forwarded-For
  wait?: (ms: number) => Promise<unknown>;
}

export interface Authenticator {
  // Resolves when the request may go on; throws an HttpError 401 (or 503) otherwise.
  check(req: IncomingMessage): Promise<void>;
}

// An authenticator for web.users; with no users every request may go on.
export function createAuthenticator(options: AuthOptions): Authenticator {
  const users = new Map(Object.entries(options.users).map(([name, text]) => [name, usableHash(name, text)]));
  if (users.size === 0) return { check: async () => undefined };
  const key = randomBytes(32);
  const remembered = new Set<string>();
  const failures = new Map<string, { count: number; last: number }>();
  const wait = options.wait ?? sleep;
  const checking = new Map<string, { token: string; ok: Promise<boolean> }>(); // one login per address at a time
  let verifying = 0;
  const refused = (): HttpError => new HttpError(401, 'authentication required', { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` });
  // Waits as long as the address's failures ask, verifies, and notes (and logs) a failure.
  async function login(address: string, credentials: { user: string; password: string }, token: string): Promise<boolean> {
    const failed = recentFailures(failures, address, options.now());
    if (failed) await wait(delayAfter(failed.count)); // before the scrypt, so a guesser gains nothing by not waiting
    if (verifying >= MAX_VERIFYING) throw new HttpError(503, 'too many logins at once: try again', { 'Retry-After': '1' });
    verifying++;
    const ok = await verify(users.get(credentials.user), credentials.password).finally(() => verifying--);
    if (ok) {
      failures.delete(address);
      remember(remembered, token);
      return true;
    }
    const count = (failed?.count ?? 0) + 1;
    noteFailure(failures, address, count, options.now());
    options.log.warn(`web: failed login for user ${JSON.stringify(credentials.user.slice(0, 64))} from ${address} (${count} in a row; next try waits ${(delayAfter(count) / 1000).toFixed(2)} s)`);
    return false;
  }
  return {
    async check(req) {
      const credentials = parseBasicAuth(req.headers.authorization);
      if (!credentials) throw refused(); // a browser's first request: no log, no delay
      const token = createHmac('sha256', key).update(`${credentials.user}\0${credentials.password}`).digest('base64');
      if (remembered.has(token)) return;
      const address = clientAddress(req, Boolean(options.trustProxy));
      const busy = checking.get(address);
      // The same credentials share the login under way (a player's parallel first requests);
      // other ones wait their turn, so parallel guesses do not each run beside the delay.
      if (busy && busy.token !== token) throw new HttpError(429, 'another login from this address is being checked: try again after it', { 'Retry-After': String(retryAfter(failures.get(address)?.count ?? 0)) });
      if (busy) {
        if (await busy.ok) return;
        throw refused();
      }
      const ok = login(address, credentials, token);
      checking.set(address, { token, ok });
      try {
        if (await ok) return;
      } finally {
        checking.delete(address);
      }
      throw refused();
    },
  };
}

// Seconds a client whose login is under way is told to wait: the delay its next failure would earn.
function retryAfter(failures: number): number {
  return Math.max(1, Math.ceil(delayAfter(failures + 1) / 1000));
}

// The user and password of an "Authorization: Basic …" header; undefined when there is none or it is malformed.
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

// How long an address waits before its next try after `failures` failed logins: 0.25 s, doubled, at most 10 s.
export function delayAfter(failures: number): number {
  return failures <= 0 ? 0 : Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - 1, 16), MAX_DELAY_MS);
}

// The socket's peer; behind a trusted proxy, the address the proxy appended to X-Forwarded-For.
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() : '';
  return forwarded ? `${forwarded.slice(0, 64)} (via ${peer})` : peer;
}

// The parts of a user's hash; a config error (exit 78) when the config's pattern let through one
// that scrypt cannot use (N not a power of two, r or p 0, a short hash).
function usableHash(name: string, text: string): ScryptHash {
  const hash = parseScryptHash(text);
  if (!hash) throw new CamsError(`web.users.${name}: the hash cannot be used (N must be a power of two, r and p at least 1, the hash 16 bytes or more): make a new one with "cams-manager web-passwd ${name}"`, { code: 'E_CONFIG', exitCode: EXIT.CONFIG });
  return hash;
}

// An unknown user costs a scrypt as well, so the time of a refusal does not tell which names exist.
const DECOY = parseScryptHash('scrypt$16384$8$1$ZGVjb3ktc2FsdC0xMjM0NQ==$ZGVjb3ktaGFzaC0xMjM0NTY3ODkwMTIzNDU2Nzg5MA==')!;
async function verify(stored: ScryptHash | undefined, password: string): Promise<boolean> {
  const ok = await verifyPassword(password, stored ?? DECOY);
  return ok && stored !== undefined;
}

function recentFailures(failures: Map<string, { count: number; last: number }>, address: string, now: number) {
  const entry = failures.get(address);
  if (entry && now - entry.last > FORGET_FAILURES_MS) failures.delete(address);
  return failures.get(address);
}

function noteFailure(failures: Map<string, { count: number; last: number }>, address: string, count: number, now: number): void {
  failures.delete(address); // re-inserted last: the map's order is the order of the latest failures
  failures.set(address, { count, last: now });
  if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
}

function remember(remembered: Set<string>, token: string): void {
  remembered.add(token);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.values().next().value!);
}
