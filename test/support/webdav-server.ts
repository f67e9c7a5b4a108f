// A WebDAV server for the off-site tests: `rclone serve webdav` of a temporary folder on a free
// 127.0.0.1 port, with a user and password, stopped by the test.
//
//   const dav = await WebdavServer.start({ user: 'cams', password: 'secret' });
//   writeFileSync(conf, dav.rcloneSection('dav'));
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/net/free-port.js';
import { tempDir } from './cli.js';
import { obscure } from './rclone-config.js';
import { killTree, waitForLine } from './processes.js';

export class WebdavServer {
  readonly lines: string[] = [];

  private constructor(readonly root: string, readonly port: number, readonly user: string, private readonly child: ChildProcess) {}

  static async start(login: { user: string; password: string }): Promise<WebdavServer> {
    const root = path.join(tempDir('cams-webdav-'), 'root');
    mkdirSync(root);
    const port = await freePort();
    // The password through the environment (RCLONE_PASS), not the command line others can read.
    const child = spawn('rclone', ['serve', 'webdav', root, '--addr', `127.0.0.1:${port}`, '--user', login.user], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RCLONE_PASS: login.password, RCLONE_CONFIG: '/dev/null' },
    });
    const server = new WebdavServer(root, port, login.user, child);
    await waitForLine(child, /WebDav Server started on|Serving on/i, server.lines);
    return server;
  }

  // An rclone config section reaching this server with `password` (obscured as rclone wants).
  rcloneSection(name: string, password: string): string {
    const obscured = obscure(password);
    return [`[${name}]`, 'type = webdav', `url = http://127.0.0.1:${this.port}/`, 'vendor = other', `user = ${this.user}`, `pass = ${obscured}`, ''].join('\n');
  }

  async stop(): Promise<void> {
    await killTree(this.child, 'SIGTERM');
    rmSync(path.dirname(this.root), { recursive: true, force: true }); // its keys and files
  }
}
