// cams-offsite.service under a real systemd (a user manager in namespaces): install-units writes,
// enables and (once offsite: is gone) removes it, systemd-analyze verify has nothing to say, and
// under the unit's own sandbox (seccomp filter, NoNewPrivileges, address families) rclone rcd starts
// through `setpriv --pdeathsig` and reaches a WebDAV remote on 127.0.0.1.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, tempDir } from '../support/cli.js';
import { writeRcloneConfig } from '../support/rclone-config.js';
import { startSandbox, stopAllSandboxes, type Sandbox } from '../support/sandbox.js';
import { integrationDescribe } from '../support/tools.js';
import { WebdavServer } from '../support/webdav-server.js';

const UNIT = 'cams-offsite.service';
let sandbox: Sandbox;
let dav: WebdavServer;
let dir: string;
let config: string;
let cameras: string;

beforeAll(async () => {
  dir = tempDir('cams-offsite-units-');
  mkdirSync(path.join(dir, 'cam1'));
  [sandbox, dav] = await Promise.all([startSandbox(), WebdavServer.start({ user: 'cams', password: 'dav-secret' })]);
  const rclone = writeRcloneConfig(dir, [dav.rcloneSection('dav', 'dav-secret')]);
  config = path.join(dir, 'config.yaml');
  cameras = ['cameras:', `  - {name: cam1, rtsp_url: "rtsp://127.0.0.1:1/cam1", output_dir: ${path.join(dir, 'cam1')}}`, ''].join('\n');
  writeFileSync(config, `${cameras}offsite: {remote: "dav:cams", rclone_config: ${rclone}}\n`);
});

afterAll(async () => {
  await stopAllSandboxes();
  await dav?.stop();
});

integrationDescribe('cams-offsite.service under a real systemd', ['systemd-sandbox', 'rclone'], () => {
  it('install-units --user --enable writes and enables cams-offsite.service, and systemd-analyze verify has nothing to say about it', async () => {
    const r = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '--enable', '-c', config]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`wrote ${sandbox.unitDir}/${UNIT}`);
    expect(r.stdout).toMatch(/^systemctl --user enable cams-offsite\.service$/m);
    expect(await sandbox.show(UNIT, 'UnitFileState')).toBe('enabled');
    const runtime = tempDir('cams-verify-');
    const verify = await execa('systemd-analyze', ['--user', 'verify', path.join(sandbox.unitDir, UNIT)], { reject: false, all: true, env: { XDG_RUNTIME_DIR: runtime } });
    expect(String(verify.all)).toBe('');
    expect(verify.exitCode).toBe(0);
  });

  it('under the unit\'s sandbox, rclone rcd starts through setpriv --pdeathsig and the remote answers (check, in place of the uploader)', async () => {
    const dropIn = path.join(sandbox.unitDir, `${UNIT}.d`);
    mkdirSync(dropIn, { recursive: true });
    writeFileSync(path.join(dropIn, 'check.conf'), [
      '[Service]', 'Type=oneshot', 'WatchdogSec=0', 'Restart=no', 'ExecStart=',
      `ExecStart=${process.execPath} ${CLI} check -c ${config}`, '',
    ].join('\n'));
    try {
      await sandbox.systemctl('daemon-reload');
      const r = await sandbox.systemctl('start', UNIT);
      const journal = await sandbox.journal('-u', UNIT);
      expect(r.exitCode, journal).toBe(0);
      expect(await sandbox.show(UNIT, 'Result')).toBe('success');
      expect(journal).toMatch(/✔ off-site remote "dav:cams"/);
      expect(journal).toContain('All checks passed');
      expect(journal).not.toContain('dav-secret');
    } finally {
      rmSync(dropIn, { recursive: true, force: true });
      await sandbox.systemctl('daemon-reload');
    }
  });

  it('install-units without offsite: stops and disables cams-offsite.service, then removes its file', async () => {
    writeFileSync(config, cameras);
    const r = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '-c', config]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^systemctl --user disable --now cams-offsite\.service$/m);
    expect(r.stdout).toContain(`removed ${sandbox.unitDir}/${UNIT}`);
    expect(await sandbox.show(UNIT, 'LoadState')).toBe('not-found');
    const again = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '-c', config]);
    expect(again.stdout).not.toContain(UNIT);
  });
});
