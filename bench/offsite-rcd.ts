// Off-site transport benchmark (not a test): how a 2-second segment (~1 MB) is best sent with
// rclone, against Debian's sshd on 127.0.0.1 (started here, with its own key and config):
//   rcd      one long-lived `rclone rcd`, per file: copyfile to a partial name, stat with md5,
//            movefile to the final name (src/offsite/remote.ts, what the uploader will use)
//   cli      per file a fresh `rclone copyto` to the partial name and `rclone moveto` to the final
//            one (the same guarantee: never half-written under the final name)
//   cli-bare per file one `rclone copyto` straight to the final name (not safe; the floor for a CLI)
// Files are sent one after another. Prints, per file, the median and 95th percentile of the
// latency (until it is under its final name) and the CPU time of rclone and of this Node process.
//
//   npm run bench:offsite-rcd -- [--files 30] [--size 1000000]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startRclone } from '../src/offsite/rclone-daemon.js';
import { openRemote } from '../src/offsite/remote.js';
import { tempDir } from '../test/support/cli.js';
import { procCpuMs } from '../test/support/processes.js';
import { writeRcloneConfig } from '../test/support/rclone-config.js';
import { SftpServer } from '../test/support/sftp-server.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '30' }, size: { type: 'string', default: '1000000' } } });
const FILES = Number(values.files);

const sftp = await SftpServer.start();
const dir = tempDir('cams-bench-offsite-');
try {
  const conf = writeRcloneConfig(dir, [sftp.rcloneSection('nas')]);
  const local = path.join(dir, 'segment.mp4');
  writeFileSync(local, randomBytes(Number(values.size)));
  const remote = `nas:${sftp.root}`;
  const results = [await viaRcd(conf, remote, local), await viaCli(conf, remote, local, true), await viaCli(conf, remote, local, false)];
  console.log(`${FILES} files of ${values.size} bytes, one after another, to sshd on 127.0.0.1`);
  console.log('way       latency p50  p95     rclone CPU/file  node CPU/file');
  for (const r of results) {
    console.log(`${r.name.padEnd(9)} ${ms(percentile(r.latencies, 0.5))} ${ms(percentile(r.latencies, 0.95))}  ${ms(r.rcloneCpuMs / FILES)}        ${ms(r.nodeCpuMs / FILES)}`);
  }
} finally {
  await sftp.stop();
  rmSync(dir, { recursive: true, force: true });
}

interface Result { name: string; latencies: number[]; rcloneCpuMs: number; nodeCpuMs: number }

async function viaRcd(conf: string, remote: string, local: string): Promise<Result> {
  const daemon = await startRclone({ configFile: conf });
  const target = openRemote(daemon, remote);
  await target.info(); // the connection is made once, before the first segment
  const cpu0 = procCpuMs(daemon.pid);
  const node0 = process.cpuUsage();
  const latencies: number[] = [];
  for (let i = 0; i < FILES; i++) {
    const start = performance.now();
    await target.upload(local, `rcd/s${i}.mp4`);
    latencies.push(performance.now() - start);
  }
  const result = { name: 'rcd', latencies, rcloneCpuMs: procCpuMs(daemon.pid) - cpu0, nodeCpuMs: cpuMs(process.cpuUsage(node0)) };
  await daemon.stop();
  return result;
}

async function viaCli(conf: string, remote: string, local: string, safe: boolean): Promise<Result> {
  const latencies: number[] = [];
  let rcloneCpuMs = 0;
  const node0 = process.cpuUsage();
  for (let i = 0; i < FILES; i++) {
    const start = performance.now();
    const final = `${remote}/cli${safe ? '' : '-bare'}/s${i}.mp4`;
    if (safe) {
      const partial = `${remote}/cli/.s${i}.mp4.partial-0000000${i % 10}`;
      rcloneCpuMs += await rclone(['--config', conf, 'copyto', local, partial]);
      rcloneCpuMs += await rclone(['--config', conf, 'moveto', partial, final]);
    } else {
      rcloneCpuMs += await rclone(['--config', conf, 'copyto', local, final]);
    }
    latencies.push(performance.now() - start);
  }
  return { name: safe ? 'cli' : 'cli-bare', latencies, rcloneCpuMs, nodeCpuMs: cpuMs(process.cpuUsage(node0)) };
}

// Runs rclone to its end; resolves with its CPU time (read from /proc just before it is reaped:
// the exit is awaited through a pipe closing, then its stat, then waitpid).
function rclone(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('rclone', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let cpu = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stderr.on('close', () => (cpu = procCpuMs(child.pid!)));
    child.on('exit', (code) => (code === 0 ? resolve(cpu) : reject(new Error(`rclone ${args.join(' ')}: ${stderr}`))));
  });
}


function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function ms(value: number): string {
  return `${value.toFixed(0).padStart(5)} ms`;
}
