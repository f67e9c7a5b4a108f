// Runs one long-lived `rclone rcd` (rclone's remote-control server) as a child process and calls
// its API. rclone 1.60 listens on TCP only (no unix socket): 127.0.0.1 on a port the kernel picks,
// read back from rclone's "Serving remote control on http://127.0.0.1:PORT/" line, with a random
// user and password handed over in the environment (RCLONE_RC_USER/PASS: /proc/PID/environ is
// readable by the same user only, a command line by everyone); never --rc-no-auth.
//
// The child must not outlive us: it is started through setpriv --pdeathsig TERM (util-linux,
// essential in Debian), so the kernel sends it SIGTERM when Node dies, even by SIGKILL; stop() and
// an 'exit' handler end it otherwise, and under systemd KillMode=control-group does too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CamsError, EXIT } from '../errors.js';
import { redactRclone } from './rclone-errors.js';
import { findOnPath } from '../disk/find-program.js';
import { withParentDeathSignal } from '../process/parent-death.js';

export const RCLONE = process.env.CAMS_RCLONE ?? 'rclone';
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const SERVING = /Serving remote control on (http:\/\/127\.0\.0\.1:\d+\/)/;

export interface RcloneOptions {
  configFile?: string | undefined; // rclone's config file; none: rclone's own
  bwlimit?: string | undefined; // rclone --bwlimit, timetables included
  extraArgs?: string[]; // more rclone flags (tests: --contimeout)
}

export interface RcloneDaemon {
  pid: number;
  endpoint: string; // http://127.0.0.1:PORT/ (every call needs the random user and password)
  // POSTs to the rc API; resolves with rclone's JSON, or rejects with RcCallError.
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  stderrTail(): string[]; // rclone's last log lines, redacted
}

// An rc call that rclone answered with an error: its message and HTTP status.
export class RcCallError extends Error {
  constructor(message: string, readonly status: number, readonly method: string) {
    super(message);
    this.name = 'RcCallError';
  }
}

// Starts `rclone rcd` and waits until it serves; throws E_RCLONE_MISSING when rclone is absent.
export async function startRclone(options: RcloneOptions = {}): Promise<RcloneDaemon> {
  const program = findOnPath(RCLONE);
  if (!program) {
    throw new CamsError(`"${RCLONE}" was not found: the off-site copy needs rclone`, {
      code: 'E_RCLONE_MISSING', exitCode: EXIT.UNAVAILABLE, details: ['install the Debian package rclone: sudo apt-get install rclone'],
    });
  }
  const user = randomBytes(9).toString('base64url');
  const pass = randomBytes(24).toString('base64url');
  const child = spawnDaemon(program, rcdArgs(options), { RCLONE_RC_USER: user, RCLONE_RC_PASS: pass });
  const tail: string[] = [];
  const endpoint = await waitForServing(child, tail);
  const authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    pid: child.pid!,
    endpoint,
    call: (method, params = {}) => {
      const gone = child.exitCode ?? child.signalCode;
      if (gone !== null) return Promise.reject(exitedError(gone, tail));
      return rcCall(endpoint, authorization, method, params).catch((error: unknown) => {
        const after = child.exitCode ?? child.signalCode;
        throw after !== null && !(error instanceof RcCallError) ? exitedError(after, tail) : error;
      });
    },
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
    stderrTail: () => [...tail],
  };
}

// rclone rcd died under us (killed, crashed): the uploader starts a new one.
function exitedError(how: number | string, tail: string[]): CamsError {
  return new CamsError(`rclone rcd exited (${typeof how === 'number' ? `code ${how}` : how})`, { code: 'E_RCLONE_EXITED', exitCode: EXIT.FAILURE, details: tail.slice(-10) });
}

// Pure: rcd's flags. --low-level-retries 1: a refused login or a dead server fails the call at
// once (the uploader retries at its own pace) instead of rclone retrying for 11 s.
// --ignore-checksum: rclone's own hash check after a copy is left out, because remote.ts checks
// the hash itself before the rename; on SFTP each is an md5sum run on the server (docs/offsite.md).
export function rcdArgs(options: RcloneOptions): string[] {
  return [
    'rcd', '--rc-addr', '127.0.0.1:0', '--ask-password=false', '--low-level-retries', '1', '--ignore-checksum',
    ...(options.configFile ? ['--config', options.configFile] : []),
    ...(options.bwlimit ? ['--bwlimit', options.bwlimit] : []),
    ...(options.extraArgs ?? []),
  ];
}

function spawnDaemon(program: string, args: string[], env: Record<string, string>): ChildProcess {
  const [command, argv] = withParentDeathSignal(program, args);
  return spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}

// Resolves with the API's URL once rclone says it serves; rejects when it exits first or is slow.
function waitForServing(child: ChildProcess, tail: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let served = false;
    let buffered = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new CamsError(`rclone rcd did not start: ${why}`, { code: 'E_RCLONE_START', exitCode: EXIT.UNAVAILABLE, details: tail.slice(-10) }));
    };
    const timer = setTimeout(() => fail(`no "Serving remote control" line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        tail.push(redactRclone(line));
        if (tail.length > 50) tail.shift();
        const match = SERVING.exec(line);
        if (match && !served) {
          served = true;
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => {
      if (!served) fail(`it exited (${signal ?? `code ${code}`})`);
    });
  });
}

async function rcCall(endpoint: string, authorization: string, method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint + method, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return body;
  const message = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
  throw new RcCallError(message, response.status, method);
}

// SIGTERM, then SIGKILL after a grace period; resolves when it is gone.
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
