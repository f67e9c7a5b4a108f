// cams-web.socket and cams-web.service under a real systemd (a user manager in namespaces):
// nothing runs before the first request, the request is answered, the server exits when idle and
// the socket starts it again.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/net/free-port.js';
import { CLI, tempDir } from '../support/cli.js';
import { waitUntil } from '../support/media.js';
import { startSandbox, stopAllSandboxes, type Sandbox } from '../support/sandbox.js';
import { integrationDescribe } from '../support/tools.js';

const IDLE_EXIT_S = 3;
const FOOTAGE = `/api/footage?camera=cam1&start=${Date.now() - 3_600_000}&end=${Date.now()}`;
let sandbox: Sandbox;
let port: number;
let config: string;

// One request on its own connection (no keep-alive: an open connection keeps the server busy).
function get(urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const show = (unit: string, property: string) => sandbox.show(unit, property);
// The processes in the service's cgroup, as systemd sees them (none: an empty list).
const processes = async () => (await sandbox.exec(['systemd-cgls', '--user-unit', '--no-pager', 'cams-web.service'])).stdout.split('\n').filter((l) => /\d+ /.test(l));

beforeAll(async () => {
  const dir = tempDir('cams-web-units-');
  mkdirSync(path.join(dir, 'cam1'));
  [sandbox, port] = await Promise.all([startSandbox(), freePort()]);
  config = path.join(dir, 'config.yaml');
  writeFileSync(config, [
    'cameras:',
    `  - {name: cam1, rtsp_url: "rtsp://127.0.0.1:1/cam1", output_dir: ${path.join(dir, 'cam1')}}`,
    `web: {listen: "127.0.0.1:${port}", idle_exit: ${IDLE_EXIT_S}}`,
    '',
  ].join('\n'));
});

afterAll(async () => {
  await stopAllSandboxes();
});

integrationDescribe('the web units under a real systemd', ['systemd-sandbox'], () => {
  it('install-units --user writes cams-web.socket and cams-web.service, and systemd-analyze verify has nothing to say about them', async () => {
    const r = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '-c', config]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`wrote ${sandbox.unitDir}/cams-web.socket`);
    const units = ['cams-web.socket', 'cams-web.service', 'cams-merge.service', 'cams-clean.timer'].map((u) => path.join(sandbox.unitDir, u));
    const runtime = tempDir('cams-verify-');
    const verify = await execa('systemd-analyze', ['--user', 'verify', ...units], { reject: false, all: true, env: { XDG_RUNTIME_DIR: runtime } });
    expect(String(verify.all)).toBe('');
    expect(verify.exitCode).toBe(0);
  });

  it('with the socket enabled, nothing runs before the first request', async () => {
    const r = await sandbox.systemctl('enable', '--now', 'cams-web.socket');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await show('cams-web.socket', 'ActiveState')).toBe('active');
    expect(await show('cams-web.service', 'ActiveState')).toBe('inactive');
    expect(await show('cams-web.service', 'MainPID')).toBe('0');
    expect(await processes()).toEqual([]);
  });

  it('the first request starts the server through the socket and is answered', async () => {
    const r = await get('/api/cameras');
    expect(r.status, r.body).toBe(200);
    expect((JSON.parse(r.body) as { cameras: Array<{ name: string }> }).cameras.map((c) => c.name)).toEqual(['cam1']);
    expect(await show('cams-web.service', 'ActiveState')).toBe('active');
    expect(await processes(), 'the server as systemd-cgls lists it').toHaveLength(1);
    const line = `listening on http://127.0.0.1:${port}/ (socket from systemd); exits after ${IDLE_EXIT_S} s without a connection`;
    expect(await waitUntil(async () => (await sandbox.journal('-u', 'cams-web.service')).includes(line), 5000), await sandbox.journal('-u', 'cams-web.service')).toBe(true);
  });

  it(`the server exits 0 after ${IDLE_EXIT_S} s without a connection, the socket stays listening and starts it again`, async () => {
    const first = await show('cams-web.service', 'MainPID');
    const exited = await waitUntil(async () => (await show('cams-web.service', 'ActiveState')) === 'inactive', (IDLE_EXIT_S + 10) * 1000, 250);
    expect(exited, await sandbox.journal('-u', 'cams-web.service', '-n', '20')).toBe(true);
    expect([await show('cams-web.service', 'Result'), await show('cams-web.service', 'ExecMainStatus')]).toEqual(['success', '0']);
    expect(await sandbox.journal('-u', 'cams-web.service')).toContain(`no connection for ${IDLE_EXIT_S} s: exiting`);
    expect(await show('cams-web.socket', 'ActiveState')).toBe('active');
    expect(await processes()).toEqual([]);
    expect((await get(FOOTAGE)).status).toBe(200);
    const second = await show('cams-web.service', 'MainPID');
    expect(second).not.toBe('0');
    expect(second).not.toBe(first);
  });

  it('systemctl stop ends the server with exit 0 (SIGTERM is a clean stop), and the socket still answers', async () => {
    await sandbox.systemctl('stop', 'cams-web.service');
    expect([await show('cams-web.service', 'ActiveState'), await show('cams-web.service', 'Result')]).toEqual(['inactive', 'success']);
    expect((await get(FOOTAGE)).status).toBe(200);
  });

  it('a web.listen edited since install-units is named in a warning, and the server keeps to the socket it was given', async () => {
    await sandbox.systemctl('stop', 'cams-web.service'); // the next connection starts it with the edited config
    const text = readFileSync(config, 'utf8');
    writeFileSync(config, text.replace(`127.0.0.1:${port}`, `127.0.0.1:${port + 1}`));
    try {
      expect((await get('/api/cameras')).status).toBe(200);
      const warning = `web.listen is 127.0.0.1:${port + 1}, but systemd passed a socket on 127.0.0.1:${port}: run install-units again, then systemctl restart cams-web.socket`;
      expect(await waitUntil(async () => (await sandbox.journal('-u', 'cams-web.service')).includes(warning), 5000)).toBe(true);
    } finally {
      writeFileSync(config, text);
    }
  });

  it('uninstall-units --user stops the socket and the server and removes both files: the port is closed', async () => {
    expect((await get('/api/cameras')).status).toBe(200); // the server runs again
    const r = await sandbox.exec([process.execPath, CLI, 'uninstall-units', '--user']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^systemctl --user disable --now .*cams-web\.socket$/m);
    expect(r.stdout).toContain(`removed ${sandbox.unitDir}/cams-web.service`);
    expect(await processes()).toEqual([]);
    await expect(get('/api/cameras')).rejects.toThrow(/ECONNREFUSED/);
  });
});
