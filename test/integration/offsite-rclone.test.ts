// The off-site foundation against real servers on 127.0.0.1, started and stopped here: Debian's
// sshd (SFTP) and `rclone serve webdav`, driven by one real `rclone rcd`.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { CamsError } from '../../src/errors.js';
import { startRclone, type RcloneDaemon } from '../../src/offsite/rclone-daemon.js';
import { isPartialName, openRemote } from '../../src/offsite/remote.js';
import { CLI, runCli, tempDir } from '../support/cli.js';
import { obscure, writeRcloneConfig } from '../support/rclone-config.js';
import { SftpServer } from '../support/sftp-server.js';
import { integrationDescribe } from '../support/tools.js';
import { WebdavServer } from '../support/webdav-server.js';

const CANARY = 'Canary-Offsite-Pw-7f3a';
const DAV_PASSWORD = 'dav-right-password-91c2';

const stops: Array<() => Promise<void>> = [];
const after = <T extends { stop(): Promise<void> }>(thing: T): T => {
  stops.push(() => thing.stop());
  return thing;
};
const stopAll = async () => {
  while (stops.length) await stops.pop()!();
};

function md5(file: string): string {
  return createHash('md5').update(readFileSync(file)).digest('hex');
}

// A segment-like file of random bytes.
function segment(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, randomBytes(bytes));
  return file;
}

function configWithOffsite(dir: string, remote: string, rcloneConfig: string): string {
  mkdirSync(path.join(dir, 'rec'), { recursive: true });
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `cameras:\n  - name: cam1\n    rtsp_url: rtsp://127.0.0.1:8554/a\n    output_dir: rec\noffsite:\n  remote: "${remote}"\n  rclone_config: ${rcloneConfig}\n`);
  return file;
}

integrationDescribe('off-site copy over rclone rcd', ['rclone', 'sshd'], () => {
  afterEach(stopAll);
  afterAll(stopAll);

  it('uploads to SFTP under the final name, with the md5 on the server equal to the local one and no partial left', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    const daemon = after(await startRclone({ configFile: writeRcloneConfig(dir, [sftp.rcloneSection('nas')]) }));
    const remote = openRemote(daemon, `nas:${sftp.root}/cams`);
    const local = segment(dir, '20240101_120000.mp4', 1_000_000);
    const uploaded = await remote.upload(local, 'cam1/segments/20240101_120000.mp4');
    const there = path.join(sftp.root, 'cams/cam1/segments/20240101_120000.mp4');
    expect(md5(there)).toBe(md5(local));
    expect(uploaded).toEqual({ path: 'cam1/segments/20240101_120000.mp4', bytes: 1_000_000, hash: { type: 'md5', value: md5(local) } });
    expect(readdirSync(path.dirname(there))).toEqual(['20240101_120000.mp4']);
  });

  it('uploads to WebDAV, verified by size where the backend has no hash, and the bytes there are the local ones', async () => {
    const dav = after(await WebdavServer.start({ user: 'cams', password: DAV_PASSWORD }));
    const dir = tempDir('cams-offsite-');
    const daemon = after(await startRclone({ configFile: writeRcloneConfig(dir, [dav.rcloneSection('dav', DAV_PASSWORD)]) }));
    const remote = openRemote(daemon, 'dav:cams');
    expect((await remote.info()).hashes).toEqual([]);
    const local = segment(dir, '20240101_120002.mp4', 1_000_000);
    expect(await remote.upload(local, 'cam1/segments/20240101_120002.mp4')).toEqual({ path: 'cam1/segments/20240101_120002.mp4', bytes: 1_000_000 });
    const there = path.join(dav.root, 'cams/cam1/segments/20240101_120002.mp4');
    expect(md5(there)).toBe(md5(local));
    expect(readdirSync(path.dirname(there))).toEqual(['20240101_120002.mp4']);
  });

  it('deletes a file on the remote, and says when there was none to delete', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    const daemon = after(await startRclone({ configFile: writeRcloneConfig(dir, [sftp.rcloneSection('nas')]) }));
    const remote = openRemote(daemon, `nas:${sftp.root}`);
    await remote.upload(segment(dir, 'a.mp4', 1000), 'cam1/a.mp4');
    expect(await remote.remove('cam1/a.mp4')).toBe(true);
    expect(existsSync(path.join(sftp.root, 'cam1/a.mp4'))).toBe(false);
    expect(await remote.remove('cam1/a.mp4')).toBe(false);
  });

  it('leaves no file under its final name when the server is killed in the middle of an upload', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    // 256 KiB/s: the 3 MB upload takes about 12 s, plenty of time to kill the server halfway.
    const daemon = after(await startRclone({ configFile: writeRcloneConfig(dir, [sftp.rcloneSection('nas')]), bwlimit: '256k' }));
    const remote = openRemote(daemon, `nas:${sftp.root}`);
    const local = segment(dir, '20240101_120004.mp4', 3_000_000);
    const upload = remote.upload(local, 'cam1/segments/20240101_120004.mp4').then(() => undefined, (error: unknown) => error);
    const folder = path.join(sftp.root, 'cam1/segments');
    const partialBytes = await waitFor(() => {
      const partial = existsSync(folder) ? readdirSync(folder).find(isPartialName) : undefined;
      const size = partial ? readFileSync(path.join(folder, partial)).length : 0;
      return size > 500_000 ? size : undefined;
    }, 20_000);
    expect(partialBytes).toBeLessThan(3_000_000);
    await sftp.kill();
    const error = await upload;
    expect(error).toBeInstanceOf(CamsError);
    expect((error as CamsError).message, (error as CamsError).details.join('\n')).toMatch(/^off-site remote "nas:.*" cannot be reached while uploading cam1\/segments\/20240101_120004\.mp4$/);
    expect(readdirSync(folder).filter((name) => !isPartialName(name))).toEqual([]);
  });

  it('takes a bandwidth timetable at start and a new rate while it runs', async () => {
    const daemon = after(await startRclone({ bwlimit: '00:00,512k 12:00,512k' }));
    expect((await daemon.call('core/bwlimit', {})).bytesPerSecond).toBe(512 * 1024);
    await openRemote(daemon, 'nas:cams').setBandwidth('1M');
    expect((await daemon.call('core/bwlimit', {})).bytesPerSecond).toBe(1024 * 1024);
  });

  it('answers no API call without its random user and password', async () => {
    const daemon = after(await startRclone());
    const response = await fetch(`${daemon.endpoint}core/version`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8')).not.toMatch(/rc-pass|rc-user/);
  });

  it('says rclone rcd exited when it died under us, instead of a failed request', async () => {
    const daemon = after(await startRclone());
    process.kill(daemon.pid, 'SIGKILL');
    await waitFor(() => (existsSync(`/proc/${daemon.pid}`) ? undefined : true), 5_000).catch(() => undefined);
    await expect(openRemote(daemon, 'nas:cams').probe()).rejects.toThrow(/^rclone rcd exited \(SIGKILL\)$/);
  });

  it('does not outlive a Node process killed by SIGKILL', async () => {
    const script = `import { startRclone } from ${JSON.stringify(path.join(path.dirname(CLI), '../offsite/rclone-daemon.js'))}; const d = await startRclone(); console.log(d.pid); setInterval(() => {}, 1000);`;
    const node = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await new Promise<string>((resolve) => node.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('rcd');
    node.kill('SIGKILL');
    expect(await waitFor(() => (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ') ? undefined : true), 5_000)).toBe(true);
  });

  it('check: a wrong SFTP password is one line naming the remote, exit 78, and the password is nowhere', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, [sftp.rcloneSection('nas', { password: CANARY })]);
    const r = await runCli(['check', '-c', configWithOffsite(dir, `nas:${sftp.root}`, conf)]);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`✘ off-site remote "nas:${sftp.root}" refused the credentials in rclone's config ${conf} (fix them with "rclone config")`);
    expect(r.exitCode).toBe(78);
    expectNoSecret(r.stdout + r.stderr);
  });

  it('check: a wrong WebDAV password is one line naming the remote, exit 78, and the password is nowhere', async () => {
    const dav = after(await WebdavServer.start({ user: 'cams', password: DAV_PASSWORD }));
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, [dav.rcloneSection('dav', CANARY)]);
    const r = await runCli(['check', '-c', configWithOffsite(dir, 'dav:cams', conf)]);
    expect(r.stdout.split('\n')).toContain(`✘ off-site remote "dav:cams" refused the credentials in rclone's config ${conf} (fix them with "rclone config")`);
    expect(r.exitCode).toBe(78);
    expectNoSecret(r.stdout + r.stderr);
  });

  it('check: a remote missing from rclone\'s config is one line naming it, exit 78', async () => {
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, ['[other]\ntype = local\n']);
    const r = await runCli(['check', '-c', configWithOffsite(dir, 'nas:cams', conf)]);
    expect(r.stdout.split('\n')).toContain(`✘ off-site remote "nas" is not in rclone's config ${conf}: add it with "rclone config --config ${conf}", or fix offsite.remote`);
    expect(r.exitCode).toBe(78);
  });

  it('check: a server that does not answer is one line naming the remote, exit 1', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, [sftp.rcloneSection('nas')]);
    await sftp.kill();
    const r = await runCli(['check', '-c', configWithOffsite(dir, `nas:${sftp.root}`, conf)]);
    expect(r.stdout.split('\n')).toContain(`✘ off-site remote "nas:${sftp.root}" cannot be reached while listing its top folder`);
    expect(r.exitCode).toBe(1);
  });

  it('check: a reachable remote passes, saying how uploads are verified', async () => {
    const sftp = after(await SftpServer.start());
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, [sftp.rcloneSection('nas')]);
    const r = await runCli(['check', '-c', configWithOffsite(dir, `nas:${sftp.root}/cams`, conf)]);
    expect(r.stdout.split('\n')).toContain(`✔ off-site remote "nas:${sftp.root}/cams" answers and takes the credentials; uploads are verified by size and md5; its folder does not exist yet (the uploader creates it)`);
  });

  it('check: without rclone on PATH, one line names the Debian package, exit 69', async () => {
    const dir = tempDir('cams-offsite-');
    const conf = writeRcloneConfig(dir, ['[nas]\ntype = local\n']);
    const r = await runCli(['check', '-c', configWithOffsite(dir, 'nas:cams', conf)], { PATH: tempDir('cams-empty-path-') });
    const at = r.stdout.split('\n').indexOf('✘ "rclone" was not found: the off-site copy needs rclone');
    expect(at, r.stdout).toBeGreaterThan(-1);
    expect(r.stdout.split('\n')[at + 1]).toBe('    install the Debian package rclone: sudo apt-get install rclone');
    expect(r.exitCode).toBe(69);
  });
});

// Neither the canary password nor its obscured form (rclone's config holds that) was printed.
function expectNoSecret(output: string): void {
  expect(output).not.toContain(CANARY);
  expect(output).not.toContain(obscure(CANARY).slice(0, 12));
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
