// An SFTP server for the off-site tests: Debian's /usr/sbin/sshd (openssh-server) on a free
// 127.0.0.1 port with its own host key, its own sshd_config and a test user key, run in the
// foreground (-D -e) and stopped by the test; never the machine's sshd. Files land in `root`, a
// temporary folder (not chrooted: ChrootDirectory wants root-owned parents, /tmp is not; rclone
// reaches it by its absolute path). Logins are as the user running the tests; the shell stays on
// so rclone can run md5sum/sha1sum there (its hashes over SFTP).
//
//   const sftp = await SftpServer.start();
//   writeFileSync(conf, sftp.rcloneSection('nas'));   // remote "nas:" + sftp.root
//   await sftp.kill();  /  await sftp.stop();
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/net/free-port.js';
import { tempDir } from './cli.js';
import { obscure } from './rclone-config.js';
import { killTree, waitForLine } from './processes.js';
import { SSHD } from './tools.js';

export class SftpServer {
  readonly lines: string[] = [];

  private constructor(readonly dir: string, readonly port: number, private child: ChildProcess) {}

  // The folder the remote's files are in.
  get root(): string {
    return path.join(this.dir, 'root');
  }

  static async start(): Promise<SftpServer> {
    const dir = tempDir('cams-sftp-');
    mkdirSync(path.join(dir, 'root'));
    for (const key of ['host_key', 'user_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cams-test', '-f', path.join(dir, key)]);
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'user_key.pub')));
    if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 }); // sshd's privilege-separation folder, as ssh.service makes it
    const port = await freePort();
    writeFileSync(path.join(dir, 'sshd_config'), sshdConfig(dir, port));
    const server = new SftpServer(dir, port, spawnSshd(dir));
    await waitForLine(server.child, LISTENING, server.lines);
    writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    return server;
  }

  // An rclone config section for this server: the test key, or a password (obscured as rclone wants).
  rcloneSection(name: string, login: { password?: string } = {}): string {
    const auth = login.password === undefined ? `key_file = ${path.join(this.dir, 'user_key')}` : `pass = ${obscure(login.password)}`;
    return [`[${name}]`, 'type = sftp', 'host = 127.0.0.1', `port = ${this.port}`, `user = ${userInfo().username}`, auth, `known_hosts_file = ${path.join(this.dir, 'known_hosts')}`, ''].join('\n');
  }

  // Stops it and every connection it serves, and removes its folder; kill(): SIGKILL, a server that
  // dies (its folder stays for the test to look at until stop()).
  async stop(): Promise<void> {
    await killTree(this.child, 'SIGTERM');
    rmSync(this.dir, { recursive: true, force: true }); // its keys and files
  }

  async kill(): Promise<void> {
    await killTree(this.child, 'SIGKILL');
  }

  // After kill(): the same server again (same port, keys and files), as a NAS back from a reboot.
  async revive(): Promise<void> {
    this.child = spawnSshd(this.dir);
    await waitForLine(this.child, LISTENING, this.lines);
  }
}

const LISTENING = /Server listening on 127\.0\.0\.1 port/;

function spawnSshd(dir: string): ChildProcess {
  return spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function sshdConfig(dir: string, port: number): string {
  chmodSync(path.join(dir, 'host_key'), 0o600);
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    'PidFile none',
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'StrictModes no', // the keys sit under /tmp, which is world-writable
    'UsePAM no',
    'PasswordAuthentication yes', // so a wrong password is tried and refused, as on a real NAS
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${userInfo().username}`,
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}
