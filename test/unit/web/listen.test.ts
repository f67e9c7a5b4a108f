import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { listenWeb, type ListenOptions } from '../../../src/web/listen.js';

function setup(handler: http.RequestListener = (_req, res) => res.end('ok')) {
  const lines: string[] = [];
  const server = http.createServer(handler);
  const options: ListenOptions = {
    configListen: '127.0.0.1:0', configIdleExit: '10m', env: {}, pid: process.pid,
    log: createLogger({ journal: true, write: (l) => lines.push(l) }),
  };
  return { server, options, lines };
}

const get = (port: number) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

describe('listenWeb', () => {
  it('listens on --listen before web.listen, and says which it used', async () => {
    const { server, options, lines } = setup();
    const on = await listenWeb(server, { ...options, configListen: '127.0.0.1:1', listen: '127.0.0.1:0' });
    expect(on.address.host).toBe('127.0.0.1');
    expect(on.activated).toBe(false);
    expect(await get(on.address.port)).toBe('ok');
    expect(lines).toContain(`<6>listening on http://127.0.0.1:${on.address.port}/ (--listen)`);
    process.emit('SIGTERM');
    await on.stopped;
  });

  it('without socket activation exits on idle only when --idle-exit is given', async () => {
    const { server, options, lines } = setup();
    const on = await listenWeb(server, { ...options, configIdleExit: '100ms' });
    const stoppedEarly = await Promise.race([on.stopped.then(() => true), new Promise((r) => setTimeout(() => r(false), 400))]);
    expect(stoppedEarly).toBe(false);
    process.emit('SIGTERM');
    await on.stopped;
    const idle = setup();
    const started = Date.now();
    const on2 = await listenWeb(idle.server, { ...idle.options, idleExit: '300ms' });
    await on2.stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(idle.lines.at(-1)).toBe('<6>no connection for 300 ms: exiting');
    expect(lines.some((l) => l.includes('exits after'))).toBe(false);
  });

  it('does not exit on idle while a connection is open, and exits idleMs after it closes', async () => {
    const { server, options } = setup();
    const on = await listenWeb(server, { ...options, idleExit: '200ms' });
    const socket = net.connect(on.address.port, '127.0.0.1');
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
    const { server, options } = setup((_req, res) => { release = () => res.end('late'); });
    const on = await listenWeb(server, options);
    const answer = get(on.address.port);
    await new Promise((r) => setTimeout(r, 100));
    process.emit('SIGTERM');
    await expect(get(on.address.port)).rejects.toThrow(/ECONNREFUSED/);
    const released = Date.now();
    release();
    expect(await answer).toBe('late');
    await on.stopped;
    expect(Date.now() - released).toBeLessThan(1000); // its keep-alive connection closed at once
  });

  it('refuses an address in use in one line naming it', async () => {
    const first = setup();
    const on = await listenWeb(first.server, first.options);
    const second = setup();
    await expect(listenWeb(second.server, { ...second.options, listen: `127.0.0.1:${on.address.port}` }))
      .rejects.toThrow(`cannot listen on "127.0.0.1:${on.address.port}": the address is in use`);
    process.emit('SIGTERM');
    await on.stopped;
  });
});
