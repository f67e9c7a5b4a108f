// Simulated IP cameras for integration tests: each is a test/fixtures/camera-sim.py process
// (GStreamer's RTSP server) serving rtsp://127.0.0.1:<port>/cam.
//
//   const camera = await startCamera({ audio: 'pcma' });
//   ... camera.url ...
//   camera.freeze();            // SIGSTOP: TCP still accepts, no data flows
//   camera.thaw();              // SIGCONT: the stream resumes (with a gap in timestamps)
//   await camera.restart({ width: 1280, height: 720 });  // "reboots" on the same port
//   await camera.stop();
//
// Call stopAllCameras() in afterAll/afterEach. As a safety net every simulator is SIGKILLed when
// this process exits, and a simulator exits by itself when its stdin pipe closes (this process died).
import { freePort } from '../../src/net/free-port.js';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { projectFile } from './project-file.js';

export const CAMERA_SIM_SCRIPT = projectFile('test/fixtures/camera-sim.py');
/** Debian's python: PyGObject and the GStreamer typelibs are installed for it only. */
export const CAMERA_SIM_PYTHON = '/usr/bin/python3';

export type CameraAudio = 'none' | 'pcma' | 'aac';
export type CameraCodec = 'h264' | 'h265';

export interface CameraOptions {
  width?: number; // default 640
  height?: number; // default 360
  fps?: number; // default 15
  gop?: number; // keyframe interval in frames, default = fps (1 s)
  codec?: CameraCodec; // default 'h264'; 'h265' = x265, VPS/SPS/PPS before every keyframe
  audio?: CameraAudio; // default 'none'; 'pcma' = G.711 A-law 8 kHz, 'aac' = AAC-LC 16 kHz mono
  bitrate?: number; // video kbit/s, default scales with the picture size
  port?: number; // default: a free port on 127.0.0.1
  auth?: string; // "user:password": the camera answers 401 Unauthorized to anyone else
  frameLog?: string; // a file the simulator appends each sent frame's wall-clock time and clip index to
  startTimeoutMs?: number; // default 15 000
}

export type CameraRestartOptions = Omit<CameraOptions, 'port'>;

export interface Camera {
  /** rtsp://127.0.0.1:<port>/cam */
  readonly url: string;
  readonly port: number;
  /** pid of the current simulator process (changes on restart). */
  readonly pid: number;
  /** Options of the current run (after restart: the merged new ones). */
  readonly options: Readonly<CameraOptions>;
  /** True from start until stop (also while frozen). */
  readonly running: boolean;
  /** SIGSTOP: the port still accepts TCP connections, but no RTSP reply or media data is sent. */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** SIGCONT, SIGTERM, SIGKILL after 3 s; resolves once the process has exited (the port then refuses). */
  stop(): Promise<void>;
  /** stop(), then start again on the same port; options given override the previous ones. */
  restart(opts?: CameraRestartOptions): Promise<void>;
  /** The last lines the simulator wrote to stderr. */
  stderrTail(): string;
}

const STDERR_LINES = 40;
const KILL_AFTER_MS = 3000;
const EXIT_PORT_BUSY = 3; // camera-sim.py's exit code when the port is taken

const cameras = new Set<SimCamera>();
const children = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Starts a simulated camera and resolves once it accepts TCP connections. */
export async function startCamera(opts: CameraOptions = {}): Promise<Camera> {
  const camera = new SimCamera(opts);
  await camera.start(opts.port === undefined);
  cameras.add(camera);
  return camera;
}

/** Stops every camera started by this process (for afterAll/afterEach). */
export async function stopAllCameras(): Promise<void> {
  await Promise.all([...cameras].map((camera) => camera.stop()));
}

class SimCamera implements Camera {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private lines: string[] = [];
  private opts: CameraOptions;
  private currentPort: number;

  constructor(opts: CameraOptions) {
    this.opts = { ...opts };
    this.currentPort = opts.port ?? 0;
  }

  get url(): string {
    return `rtsp://127.0.0.1:${this.currentPort}/cam`;
  }
  get port(): number {
    return this.currentPort;
  }
  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get options(): Readonly<CameraOptions> {
    return { ...this.opts, port: this.currentPort };
  }
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  stderrTail(): string {
    return this.lines.join('\n');
  }

  freeze(): void {
    this.signal('SIGSTOP');
  }

  thaw(): void {
    this.signal('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    cameras.delete(this);
    if (!child) return;
    if (this.running) {
      try {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      } catch {
        // exited meanwhile
      }
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, KILL_AFTER_MS);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
  }

  async restart(opts: CameraRestartOptions = {}): Promise<void> {
    await this.stop();
    this.opts = { ...this.opts, ...opts, port: this.currentPort };
    // The port was ours a moment ago; if something grabbed it meanwhile, give it a few tries.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.start(false);
        cameras.add(this);
        return;
      } catch (error) {
        lastError = error;
        if (!(error instanceof CameraStartError) || error.exitCode !== EXIT_PORT_BUSY) throw error;
        await delay(300);
      }
    }
    throw lastError;
  }

  /** Spawns the simulator; with pickPort, chooses a free port (and retries if it was taken). */
  async start(pickPort: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (pickPort) this.currentPort = await freePort();
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        const busy = error instanceof CameraStartError && error.exitCode === EXIT_PORT_BUSY;
        if (!pickPort || !busy || attempt >= 4) throw error;
      }
    }
  }

  private signal(sig: NodeJS.Signals): void {
    if (!this.running || !this.child) throw new Error(`camera ${this.url} is not running`);
    this.child.kill(sig);
  }

  private spawnOnce(): Promise<void> {
    const o = this.opts;
    const args = [CAMERA_SIM_SCRIPT, '--port', String(this.currentPort), '--exit-on-stdin-eof'];
    if (o.width !== undefined) args.push('--width', String(o.width));
    if (o.height !== undefined) args.push('--height', String(o.height));
    if (o.fps !== undefined) args.push('--fps', String(o.fps));
    if (o.gop !== undefined) args.push('--gop', String(o.gop));
    if (o.codec !== undefined) args.push('--codec', o.codec);
    if (o.audio !== undefined) args.push('--audio', o.audio);
    if (o.bitrate !== undefined) args.push('--bitrate', String(o.bitrate));
    if (o.auth !== undefined) args.push('--auth', o.auth);
    if (o.frameLog !== undefined) args.push('--frame-log', o.frameLog);

    this.lines = [];
    const child = spawn(CAMERA_SIM_PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    children.add(child);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        children.delete(child);
        resolve();
      });
      // spawn failures (ENOENT) emit 'error' and maybe no 'exit'
      child.once('error', () => {
        children.delete(child);
        resolve();
      });
    });
    child.stdin!.on('error', () => {}); // EPIPE once it has exited
    collectLines(child.stderr!, (line) => {
      this.lines.push(line);
      if (this.lines.length > STDERR_LINES) this.lines.shift();
    });

    const port = this.currentPort;
    const timeoutMs = o.startTimeoutMs ?? 15_000;
    const started = Date.now();
    const describe = () => `camera simulator (${args.slice(1).join(' ')})`;

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('error', onError);
        if (error) {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          reject(error);
        } else {
          resolve();
        }
      };
      const fail = (why: string, exitCode?: number | null) =>
        // Let the last stderr bytes arrive before quoting them.
        void this.exited
          .then(() => delay(20))
          .then(() =>
            finish(new CameraStartError(`${describe()} ${why}\n--- stderr tail ---\n${this.stderrTail() || '(empty)'}`, exitCode ?? null)),
          );
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        fail(`exited before it was ready (code ${String(code)}, signal ${String(signal)})`, code);
      const onError = (error: Error) => finish(new CameraStartError(`${describe()} could not be spawned: ${error.message}`, null));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`was not ready within ${timeoutMs} ms`);
      }, timeoutMs);
      child.once('exit', onExit);
      child.once('error', onError);

      let ready = false;
      collectLines(child.stdout!, (line) => {
        if (ready || !line.startsWith('READY ')) return;
        ready = true;
        const announced = line.slice('READY '.length).trim();
        if (announced !== this.url) {
          child.kill('SIGKILL');
          fail(`announced ${announced}, expected ${this.url}`);
          return;
        }
        waitForTcp(port, started + timeoutMs).then(
          () => finish(),
          (error: Error) => {
            child.kill('SIGKILL');
            fail(`said READY but port ${port} does not accept connections: ${error.message}`);
          },
        );
      });
    });
  }
}

export class CameraStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'CameraStartError';
  }
}

function collectLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once 127.0.0.1:port accepts a TCP connection; rejects at the deadline. */
export async function waitForTcp(port: number, deadline: number): Promise<void> {
  for (;;) {
    try {
      await tryConnect(port);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await delay(100);
    }
  }
}

function tryConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('connect timed out'));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

export { freePort };
