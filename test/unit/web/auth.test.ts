import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SCRYPT_HASH } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { clientAddress, createAuthenticator, delayAfter, MAX_DELAY_MS, parseBasicAuth } from '../../../src/web/auth.js';
import { hashPassword, parseScryptHash, verifyPassword } from '../../../src/web/password-hash.js';
import { HttpError } from '../../../src/web/route.js';

const FAST = { N: 1024, r: 8, p: 1 };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const request = (authorization: string | undefined, address = '192.0.2.7', forwarded?: string) =>
  ({ headers: { authorization, 'x-forwarded-for': forwarded }, socket: { remoteAddress: address } }) as unknown as IncomingMessage;

async function status(promise: Promise<void>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

describe('scrypt hashes', () => {
  it('a hash is scrypt$N$r$p$salt$hash, accepted by the config schema, and verifies its password only', async () => {
    const text = await hashPassword('correct horse', FAST);
    expect(text).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(text).toMatch(SCRYPT_HASH);
    const stored = parseScryptHash(text)!;
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('two hashes of one password differ (a new salt each time)', async () => {
    expect(await hashPassword('x', FAST)).not.toBe(await hashPassword('x', FAST));
  });

  it.each(['scrypt$1000$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==', 'bcrypt$2$8$1$c2FsdA==$aGFzaA==', 'hunter2', 'scrypt$1024$8$1$c2FsdA==$aGFzaA=='])('"%s" is not a usable hash', (text) => {
    expect(parseScryptHash(text)).toBeUndefined();
  });
});

describe('HTTP Basic credentials', () => {
  it('reads the user and a password that holds colons', () => {
    expect(parseBasicAuth(basic('alice', 'a:b:c'))).toEqual({ user: 'alice', password: 'a:b:c' });
    expect(parseBasicAuth(`basic ${Buffer.from('bob:').toString('base64')}`)).toEqual({ user: 'bob', password: '' });
  });

  it.each([undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`, `Basic ${Buffer.from(':pw').toString('base64')}`])('%s is no credentials', (header) => {
    expect(parseBasicAuth(header)).toBeUndefined();
  });
});

describe('the delay after failed logins', () => {
  it('grows from 0.25 s, doubling, and stops at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(delayAfter)).toEqual([0, 250, 500, 1000, 2000, 4000, 8000, MAX_DELAY_MS, MAX_DELAY_MS]);
  });
});

describe('the authenticator', () => {
  async function setUp() {
    const lines: string[] = [];
    const waits: number[] = [];
    const auth = createAuthenticator({
      users: { alice: await hashPassword('Canary-Web-pw', FAST) },
      log: createLogger({ write: (l) => lines.push(l) }),
      now: () => 0,
      wait: async (ms) => void waits.push(ms),
    });
    return { auth, lines, waits };
  }

  it('refuses a hash the config\'s pattern lets through but scrypt cannot use, naming the user (exit 78)', () => {
    const make = () => createAuthenticator({ users: { bob: 'scrypt$1000$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==' }, log: createLogger({ write: () => undefined }), now: () => 0 });
    expect(make).toThrow(/^web\.users\.bob: the hash cannot be used/);
    expect(() => make()).toThrow(expect.objectContaining({ exitCode: 78 }));
  });

  it('lets everyone in when there are no users', async () => {
    const auth = createAuthenticator({ users: {}, log: createLogger({ write: () => undefined }), now: () => 0 });
    expect(await status(auth.check(request(undefined)))).toBe(200);
  });

  it('asks for credentials with 401 and the realm, without logging a request that brought none', async () => {
    const { auth, lines } = await setUp();
    const error = await auth.check(request(undefined)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).headers['WWW-Authenticate']).toBe('Basic realm="cams-manager", charset="UTF-8"');
    expect(lines).toEqual([]);
  });

  it('lets the right password in', async () => {
    const { auth } = await setUp();
    expect(await status(auth.check(request(basic('alice', 'Canary-Web-pw'))))).toBe(200);
  });

  it('logs a wrong password with the address and the name, never the password, and makes that address wait longer each time', async () => {
    const { auth, lines, waits } = await setUp();
    for (let i = 0; i < 3; i++) expect(await status(auth.check(request(basic('alice', 'wrong-guess-xyz'))))).toBe(401);
    expect(await status(auth.check(request(basic('mallory', 'wrong-guess-xyz'))))).toBe(401);
    expect(waits).toEqual([250, 500, 1000]);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/WARN .*failed login for user "alice" from 192\.0\.2\.7 \(1 in a row/);
    expect(lines[3]).toMatch(/failed login for user "mallory" from 192\.0\.2\.7 \(4 in a row/);
    expect(lines.join('\n')).not.toContain('wrong-guess');
  });

  it('logs at most 64 characters of a name', async () => {
    const { auth, lines } = await setUp();
    await status(auth.check(request(basic('x'.repeat(5000), 'bad'))));
    expect(lines[0]).toContain(`user "${'x'.repeat(64)}" from`);
  });

  it('does not make another address wait, and a success clears the count', async () => {
    const { auth, waits } = await setUp();
    await status(auth.check(request(basic('alice', 'bad'))));
    await status(auth.check(request(basic('alice', 'bad'), '198.51.100.1')));
    expect(waits).toEqual([]);
    await status(auth.check(request(basic('alice', 'Canary-Web-pw'))));
    await status(auth.check(request(basic('alice', 'bad'))));
    expect(waits).toEqual([250]);
  });

  it('checks one login per address at a time: 10 wrong passwords at once get one verification, the others 429 with Retry-After', async () => {
    const { auth, lines } = await setUp();
    const attempts = Array.from({ length: 10 }, (_, i) => auth.check(request(basic('alice', `guess-${i}`))).then(() => 200, (e: HttpError) => e));
    const answers = await Promise.all(attempts);
    expect(answers.map((a) => (a instanceof HttpError ? a.status : a)).sort()).toEqual([401, ...Array<number>(9).fill(429)]);
    expect((answers.find((a) => a instanceof HttpError && a.status === 429) as HttpError).headers['Retry-After']).toBe('1');
    expect(lines).toHaveLength(1); // one verified failure, logged with the address
    expect(lines[0]).toMatch(/failed login for user "alice" from 192\.0\.2\.7 \(1 in a row/);
    expect(await status(auth.check(request(basic('alice', 'guess-again'), '198.51.100.1')))).toBe(401); // another address is not held up
  });

  it('lets the same credentials sent in parallel share one verification (a player\'s first requests)', async () => {
    const { auth, lines } = await setUp();
    expect(await Promise.all(Array.from({ length: 5 }, () => status(auth.check(request(basic('alice', 'Canary-Web-pw'))))))).toEqual([200, 200, 200, 200, 200]);
    expect(await Promise.all(Array.from({ length: 5 }, () => status(auth.check(request(basic('alice', 'same-wrong'))))))).toEqual([401, 401, 401, 401, 401]);
    expect(lines).toHaveLength(1);
  });

  it('holds the address while it waits its delay: a guess meanwhile is 429, told to wait as long as the next failure would', async () => {
    const lines: string[] = [];
    let release = (): void => undefined;
    const auth = createAuthenticator({
      users: { alice: await hashPassword('Canary-Web-pw', FAST) },
      log: createLogger({ write: (l) => lines.push(l) }),
      now: () => 0,
      wait: (ms) => (ms >= 1000 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()),
    });
    for (let i = 0; i < 3; i++) await status(auth.check(request(basic('alice', 'bad'))));
    const slow = status(auth.check(request(basic('alice', 'bad-4')))); // waits 1 s
    const refused = await auth.check(request(basic('alice', 'bad-5'))).catch((e: HttpError) => e);
    expect((refused as HttpError).status).toBe(429);
    expect((refused as HttpError).headers['Retry-After']).toBe('2');
    release();
    expect(await slow).toBe(401);
    expect(lines).toHaveLength(4);
  });

  it('remembers verified credentials, so a repeated request costs no scrypt', async () => {
    const { auth } = await setUp();
    await auth.check(request(basic('alice', 'Canary-Web-pw')));
    const started = performance.now();
    for (let i = 0; i < 200; i++) await auth.check(request(basic('alice', 'Canary-Web-pw')));
    expect(performance.now() - started).toBeLessThan(100); // 200 scrypts at N=1024 would take longer
  });

  it('behind a trusted proxy, takes the client address from X-Forwarded-For', () => {
    expect(clientAddress(request(undefined, '127.0.0.1', '203.0.113.9'), true)).toBe('203.0.113.9 (via 127.0.0.1)');
    expect(clientAddress(request(undefined, '127.0.0.1', '203.0.113.9'), false)).toBe('127.0.0.1');
  });
});
