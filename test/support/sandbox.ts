// A real systemd user manager in namespaces (systemd-sandbox.sh), for tests of the units.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const SANDBOX_SH = path.join(import.meta.dirname, 'systemd-sandbox.sh');

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  readonly dir: string;
  readonly unitDir: string; // $XDG_CONFIG_HOME/systemd/user inside the sandbox
  exec(cmd: string[], env?: Record<string, string>): Promise<ExecResult>;
  systemctl(...args: string[]): Promise<ExecResult>; // systemctl --user …
  show(unit: string, property: string): Promise<string>; // systemctl --user show -P
  journal(...args: string[]): Promise<string>; // journalctl -o cat …, the sandbox's own journal
  stop(): Promise<void>;
}

const LIVE = new Set<string>();

// Starts a sandbox in a fresh temp folder; stop it (or stopAllSandboxes) in afterAll.
export async function startSandbox(): Promise<Sandbox> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cams-sandbox-'));
  LIVE.add(dir);
  const r = await execa('bash', [SANDBOX_SH, 'start', dir], { reject: false });
  if (r.exitCode !== 0) {
    await stopSandbox(dir);
    throw new Error(`systemd sandbox did not start (exit ${r.exitCode}): ${r.stderr}`);
  }
  const exec = async (cmd: string[], env: Record<string, string> = {}): Promise<ExecResult> => {
    const x = await execa('bash', [SANDBOX_SH, 'exec', dir, ...cmd], { reject: false, env, timeout: 120_000 });
    return { exitCode: x.exitCode ?? -1, stdout: String(x.stdout), stderr: String(x.stderr) };
  };
  return {
    dir,
    unitDir: path.join(dir, 'config/systemd/user'),
    exec,
    systemctl: (...args) => exec(['systemctl', '--user', ...args]),
    show: async (unit, property) => (await exec(['systemctl', '--user', 'show', '-P', property, unit])).stdout.trim(),
    journal: async (...args) => (await exec(['journalctl', '--no-pager', '-o', 'cat', ...args])).stdout,
    stop: () => stopSandbox(dir),
  };
}

// Stops every sandbox still running (afterAll).
export async function stopAllSandboxes(): Promise<void> {
  await Promise.all([...LIVE].map((dir) => stopSandbox(dir)));
}

async function stopSandbox(dir: string): Promise<void> {
  if (!LIVE.delete(dir)) return;
  await execa('bash', [SANDBOX_SH, 'stop', dir], { reject: false });
  rmSync(dir, { recursive: true, force: true });
}

// Last resort when the test process ends without afterAll (a crash, a timeout).
process.on('exit', () => {
  for (const dir of LIVE) spawnSync('bash', [SANDBOX_SH, 'stop', dir], { stdio: 'ignore' });
});
