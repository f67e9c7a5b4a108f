import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CamsError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log/logger.js';
import { freePort } from '../../../src/net/free-port.js';
import type { ListenAddress } from '../../../src/net/listen-address.js';
import { checkExposure } from '../../../src/web/exposure.js';
import { describesSocket, listenWeb, parseIdleExit, parseListen, type Listening, type ListenOptions } from '../../../src/web/listen.js';

async function setup(handler: http.RequestListener = (_req, res) => res.end('ok')) {
  const lines: string[] = [];
  const server = http.createServer(handler);
  const options: ListenOptions = {
    configListen: `127.0.0.1:${await freePort()}`, configIdleExit: 600, env: {}, pid: process.pid, check: () => {},
    log: createLogger({ journal: true, write: (l) => lines.push(l) }),
  };
  return { server, options, lines };
}

const portOf = (on: Listening): number => (on.address as ListenAddress).port;

const error = (fn: () => unknown): CamsError => {
  try {
    fn();
  } catch (e) {
    return e as CamsError;
  }
  throw new Error('no error');
};

describe('parseListen and parseIdleExit', () => {
  it('read --listen as host and port, and --idle-exit as ms', () => {
    expect(parseListen('[::1]:8765')).toEqual({ host: '::1', port: 8765 });
    expect([parseIdleExit('10m'), parseIdleExit('90s'), parseIdleExit('1.5'), parseIdleExit('0')]).toEqual([600_000, 90_000, 1500, 0]);
  });

  it('refuse a bad value in one line naming the flag (exit 64)', () => {
    expect(error(() => parseListen('8765'))).toMatchObject({ message: '--listen "8765" is not an address: use host:port, like 127.0.0.1:8765 or [::1]:8765', exitCode: 64 });
    expect(error(() => parseIdleExit('soon'))).toMatchObject({ message: '--idle-exit "soon" is not a duration: use 10m, 90s, 1h30m or 0 (never)', exitCode: 64 });
  });
});

const get = (port: number) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

describe('describesSocket', () => {
  it('tells whether web.listen still names the socket systemd bound (after an edit it may not)', () => {
    const bound = { host: '127.0.0.1', port: 8765 };
    expect(describesSocket('127.0.0.1:8765', bound)).toBe(true);
    expect(describesSocket('localhost:8765', bound)).toBe(true);
    expect(describesSocket('nvr.lan:8765', bound)).toBe(true); // not resolved: the port only
    expect(describesSocket('127.0.0.1:9000', bound)).toBe(false);
    expect(describesSocket('0.0.0.0:8765', bound)).toBe(false);
    expect(describesSocket('[::1]:8765', { host: '::1', port: 8765 })).toBe(true);
  });
});

describe('listenWeb', () => {
  it('listens on --listen before web.listen, and says which it used', async () => {
    const { server, options, lines } = await setup();
    const port = await freePort();
    const on = await listenWeb(server, { ...options, configListen: '127.0.0.1:1', listen: `127.0.0.1:${port}` });
    expect(portOf(on)).toBe(port);
    expect((on.address as ListenAddress).host).toBe('127.0.0.1');
    expect(on.activated).toBe(false);
    expect(await get(portOf(on))).toBe('ok');
    expect(lines).toContain(`<6>listening on http://127.0.0.1:${portOf(on)}/ (--listen)`);
    process.emit('SIGTERM', 'SIGTERM');
    await on.stopped;
  });

  it('without socket activation exits on idle only when --idle-exit is given', async () => {
    const { server, options, lines } = await setup();
    const on = await listenWeb(server, { ...options, configIdleExit: 0.1 });
    const stoppedEarly = await Promise.race([on.stopped.then(() => true), new Promise((r) => setTimeout(() => r(false), 400))]);
    expect(stoppedEarly).toBe(false);
    process.emit('SIGTERM', 'SIGTERM');
    await on.stopped;
    const idle = await setup();
    const started = Date.now();
    const on2 = await listenWeb(idle.server, { ...idle.options, idleExit: '0.3' });
    await on2.stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(idle.lines.at(-1)).toBe('<6>no connection for 300 ms: exiting');
    expect(lines.some((l) => l.includes('exits after'))).toBe(false);
  });

  it('does not exit on idle while a connection is open, and exits idleMs after it closes', async () => {
    const { server, options } = await setup();
    const on = await listenWeb(server, { ...options, idleExit: '0.2' });
    const socket = net.connect(portOf(on), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const early = await Promise.race([on.stopped.then(() => true), new Promise((r) => setTimeout(() => r(false), 500))]);
    expect(early).toBe(false);
    const closed = Date.now();
    socket.destroy();
    await on.stopped;
    expect(Date.now() - closed).toBeGreaterThanOrEqual(190);
  });

  it('on SIGTERM stops accepting, lets a request in flight finish, and resolves stopped', async () => {
    let release: () => void = () => {};
    const { server, options } = await setup((_req, res) => { release = () => res.end('late'); });
    const on = await listenWeb(server, options);
    const answer = get(portOf(on));
    await new Promise((r) => setTimeout(r, 100));
    process.emit('SIGTERM', 'SIGTERM');
    await expect(get(portOf(on))).rejects.toThrow(/ECONNREFUSED/);
    const released = Date.now();
    release();
    expect(await answer).toBe('late');
    await on.stopped;
    expect(Date.now() - released).toBeLessThan(1000); // its keep-alive connection closed at once
  });

  it('on a second SIGTERM while a request is still in flight exits at once with 143', async () => {
    let release: () => void = () => {};
    const { server, options, lines } = await setup((_req, res) => { release = () => res.end('late'); });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const on = await listenWeb(server, options);
      const answer = get(portOf(on)).catch(() => 'cut');
      await new Promise((r) => setTimeout(r, 100));
      process.emit('SIGTERM', 'SIGTERM');
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGTERM', 'SIGTERM');
      expect(exit).toHaveBeenCalledWith(143);
      expect(lines.at(-1)).toBe('<4>SIGTERM again: exiting now, cutting the requests in flight');
      release();
      await answer;
      await on.stopped;
    } finally {
      exit.mockRestore();
    }
  });

  it('asks the exposure check about the address before listening, and does not listen when it refuses', async () => {
    const { server, options } = await setup();
    const refusal = new Error('refused');
    await expect(listenWeb(server, { ...options, listen: '0.0.0.0:1', check: (host) => { if (host === '0.0.0.0') throw refusal; } })).rejects.toBe(refusal);
    expect(server.listening).toBe(false);
  });

  it('takes a Unix socket systemd passed (ListenStream=/run/….sock) as local, and names its path', async () => {
    const { server, options, lines } = await setup();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'web-unix-'));
    const socketPath = path.join(dir, 'cams-web.sock');
    // What systemd passes as fd 3 is a socket bound to the path: here the server binds it itself.
    const listen = server.listen.bind(server);
    vi.spyOn(server, 'listen').mockImplementation(((_where: unknown, done: () => void) => listen({ path: socketPath }, done)) as never);
    try {
      const on = await listenWeb(server, {
        ...options, env: { LISTEN_PID: String(process.pid), LISTEN_FDS: '1' },
        check: (host) => checkExposure(host, { users: {}, trust_proxy: false }, '/x/config.yaml'),
      });
      expect(on.address).toEqual({ path: socketPath });
      expect(lines).toContain(`<6>listening on the Unix socket ${socketPath} (socket from systemd); exits after 10 min without a connection`);
      expect(lines.join('\n')).not.toMatch(/web\.listen is/);
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ socketPath, path: '/' }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).toBe('ok');
      process.emit('SIGTERM', 'SIGTERM');
      await on.stopped;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an address in use in one line naming it', async () => {
    const first = await setup();
    const on = await listenWeb(first.server, first.options);
    const second = await setup();
    await expect(listenWeb(second.server, { ...second.options, listen: `127.0.0.1:${portOf(on)}` }))
      .rejects.toThrow(`cannot listen on "127.0.0.1:${portOf(on)}": the address is in use`);
    process.emit('SIGTERM', 'SIGTERM');
    await on.stopped;
  });
});
