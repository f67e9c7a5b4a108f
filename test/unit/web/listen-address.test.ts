import { describe, expect, it } from 'vitest';
import { CamsError } from '../../../src/errors.js';
import { formatListen, parseIdleExit, parseListen } from '../../../src/web/listen-address.js';

const error = (fn: () => unknown): CamsError => {
  try {
    fn();
  } catch (e) {
    return e as CamsError;
  }
  throw new Error('no error');
};

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:8765', { host: '127.0.0.1', port: 8765 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
    ['[::1]:8765', { host: '::1', port: 8765 }],
    ['[::]:0', { host: '::', port: 0 }],
  ])('reads %s', (text, address) => {
    expect(parseListen(text, '--listen')).toEqual(address);
    expect(formatListen(address)).toBe(text);
  });

  it.each([
    ['8765', '--listen "8765": no port; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['127.0.0.1', '--listen "127.0.0.1": no port; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['::1:8765', '--listen "::1:8765": an IPv6 address needs brackets and a port; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['localhost:8765', '--listen "localhost:8765": the host must be an IP address, not "localhost"; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['127.0.0.1:70000', '--listen "127.0.0.1:70000": the port must be 0-65535; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['[fe80::zz]:1', '--listen "[fe80::zz]:1": "fe80::zz" is not an IPv6 address; write it as 127.0.0.1:8765 or [::1]:8765'],
    ['127.0.0.1:http', '--listen "127.0.0.1:http": not an address and a port; write it as 127.0.0.1:8765 or [::1]:8765'],
  ])('refuses %s in one line naming the flag (exit 64)', (text, message) => {
    const e = error(() => parseListen(text, '--listen'));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(64);
  });

  it('names the config key, with exit 78, when the address comes from the config', () => {
    const e = error(() => parseListen('nowhere', 'web.listen', 78));
    expect(e.message).toMatch(/^web\.listen "nowhere": /);
    expect(e.exitCode).toBe(78);
  });
});

describe('parseIdleExit', () => {
  it.each([
    ['10m', 600_000], ['90s', 90_000], ['1h', 3_600_000], ['1m30s', 90_000], ['500ms', 500], ['2min', 120_000], ['600', 600_000], ['1.5', 1500], ['0', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseIdleExit(text, '--idle-exit')).toBe(ms);
  });

  it('reads a number of seconds from the config', () => {
    expect(parseIdleExit(30, 'web.idle_exit', 78)).toBe(30_000);
  });

  it.each(['ten minutes', '10 m', '-5s', '10x', '', 'm'])('refuses "%s" in one line naming the flag', (text) => {
    const e = error(() => parseIdleExit(text, '--idle-exit'));
    expect(e.message).toBe(`--idle-exit "${text.trim()}": not a duration; write it as 10m, 90s, 1h or 0 (never)`);
    expect(e.exitCode).toBe(64);
  });
});
