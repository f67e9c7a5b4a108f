// Starts the camera simulator (GStreamer's RTSP server, test/fixtures/camera-sim.py) on 127.0.0.1:
// the demo, the benchmarks and the tests all use it as their camera.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CamsError, EXIT } from '../errors.js';
import { freePort } from '../net/free-port.js';

export const SIM_SCRIPT = fileURLToPath(new URL('../../test/fixtures/camera-sim.py', import.meta.url));
export const SIM_PYTHON = '/usr/bin/python3'; // Debian's python: PyGObject is installed for it only
export const SIM_APT_PACKAGES =
  'python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-x';

export interface SimOptions {
  port?: number;
  width?: number;
  height?: number;
  fps?: number;
  gop?: number; // keyframe interval in frames
  audio?: 'none' | 'pcma' | 'aac';
}

export interface SimCamera {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

// undefined when the simulator can run here, else what is missing and how to install it.
export function simulatorMissing(): string | undefined {
  if (!existsSync(SIM_PYTHON)) return `${SIM_PYTHON} is missing: sudo apt-get install python3 ${SIM_APT_PACKAGES}`;
  const probe = spawnSync(SIM_PYTHON, ['-c', "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer"], { stdio: 'ignore' });
  return probe.status === 0 ? undefined : `GStreamer's RTSP server is missing: sudo apt-get install ${SIM_APT_PACKAGES}`;
}

// Starts one simulated camera; resolves once it listens.
export async function startSimulator(options: SimOptions = {}): Promise<SimCamera> {
  const port = options.port ?? (await freePort());
  const args = [SIM_SCRIPT, '--port', String(port), '--exit-on-stdin-eof'];
  for (const key of ['width', 'height', 'fps', 'gop', 'audio'] as const) {
    if (options[key] !== undefined) args.push(`--${key}`, String(options[key]));
  }
  // With stdin a pipe and --exit-on-stdin-eof, a simulator whose parent died exits by itself.
  const child = spawn(SIM_PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not start within 20 s'), 20_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new CamsError(`camera simulator on port ${port} ${why}`, { code: 'E_SIMULATOR', exitCode: EXIT.UNAVAILABLE, details: stderr.join('').trim().split('\n').slice(-5) }));
    };
    child.on('exit', (code) => fail(`exited with code ${String(code)}`));
    child.stdout!.on('data', (d: Buffer) => {
      const match = /READY (\S+)/.exec(d.toString());
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1]!);
      }
    });
  });
  return { url, port, child, stop: () => stopChild(child) };
}

// SIGCONT (it may be frozen), SIGTERM, then SIGKILL after 3 s; resolves when it has exited.
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
