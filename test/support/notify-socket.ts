// A fake systemd notify socket (unix datagram, through a tiny Python listener: Node has no
// unix datagram sockets) that records every message the recorder sends.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, tempDir } from './cli.js';

export interface NotifyMessage {
  at: number;
  text: string;
}

export class NotifySocket {
  readonly path: string;
  readonly messages: NotifyMessage[] = [];
  private readonly child: ChildProcess;

  private constructor(socketPath: string, child: ChildProcess) {
    this.path = socketPath;
    this.child = child;
  }

  static async start(): Promise<NotifySocket> {
    const socketPath = path.join(tempDir('cams-notify-'), 'notify.sock');
    const child = spawn('/usr/bin/python3', [path.join(ROOT, 'test/fixtures/notify-listener.py'), socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const socket = new NotifySocket(socketPath, child);
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      const timer = setTimeout(() => reject(new Error('notify listener did not start')), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'LISTENING') {
            clearTimeout(timer);
            resolve();
            continue;
          }
          const space = line.indexOf(' ');
          socket.messages.push({ at: Number(line.slice(0, space)), text: line.slice(space + 1) });
        }
      });
    });
    return socket;
  }

  count(text: string, since = 0): number {
    return this.messages.filter((m) => m.at >= since && m.text.split('|').includes(text)).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
