// Passwords of web.users as scrypt hashes: "scrypt$N$r$p$salt$hash", salt and hash in base64
// (RFC 7914 parameters; N = 2^14, r = 8, p = 1 costs ~50 ms and 16 MiB, as OWASP suggests at least).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

// The line to put in web.users for `password`, with a new random salt.
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, { ...params, salt, hash: Buffer.alloc(KEY_BYTES) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

// The parts of "scrypt$N$r$p$salt$hash"; undefined when the text is not one (or its N is not a power of two).
export function parseScryptHash(text: string): ScryptHash | undefined {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hash = Buffer.from(m[5]!, 'base64');
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1 || hash.length < 16) return undefined;
  return { N, r, p, salt: Buffer.from(m[4]!, 'base64'), hash };
}

// True when `password` hashes to `stored` (compared in constant time).
export async function verifyPassword(password: string, stored: ScryptHash): Promise<boolean> {
  const candidate = await derive(password, stored);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}

function derive(password: string, { N, r, p, salt, hash }: ScryptHash): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, hash.length, options, (error, key) => (error ? reject(error) : resolve(key))));
}
