// A real systemd user manager in namespaces (systemd-sandbox.sh), for tests of the units.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';
import { projectFile } from './project-file.js';
import { recordSandboxCgroups } from './sandbox-leftovers.js';

export const SANDBOX_SH = projectFile('test/support/systemd-sandbox.sh');

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  readonly dir: string;
  readonly unitDir: string; // $XDG_CONFIG_HOME/systemd/user inside the sandbox
  readonly cgroups: readonly string[]; // the cgroup it made in each hierarchy, all named sandbox-<id>
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
    const stopped = await stopSandbox(dir).then(() => '', (e: Error) => `\n${e.message}`);
    throw new Error(`systemd sandbox did not start (exit ${r.exitCode}): ${r.stderr}${stopped}`);
  }
  const cgroups = readFileSync(path.join(dir, 'cgroups'), 'utf8').split('\n').filter(Boolean);
  // Under vitest, the run's ledger (sandbox-leftovers.ts) checks at the end that none is left;
  // a bench (bench/soak.ts) stops its own.
  if (process.env.VITEST) recordSandboxCgroups(inject('sandboxLedger'), cgroups);
  const exec = async (cmd: string[], env: Record<string, string> = {}): Promise<ExecResult> => {
    const x = await execa('bash', [SANDBOX_SH, 'exec', dir, ...cmd], { reject: false, env, timeout: 120_000 });
    return { exitCode: x.exitCode ?? -1, stdout: String(x.stdout), stderr: String(x.stderr) };
  };
  return {
    dir,
    unitDir: path.join(dir, 'config/systemd/user'),
    cgroups,
    exec,
    systemctl: (...args) => exec(['systemctl', '--user', ...args]),
    show: async (unit, property) => (await exec(['systemctl', '--user', 'show', '-P', property, unit])).stdout.trim(),
    journal: async (...args) => (await exec(['journalctl', '--no-pager', '-o', 'cat', ...args])).stdout,
    stop: () => stopSandbox(dir),
  };
}

// Stops every sandbox still running (afterAll); throws if one left cgroups behind.
export async function stopAllSandboxes(): Promise<void> {
  const results = await Promise.allSettled([...LIVE].map((dir) => stopSandbox(dir)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(failed.map((r) => String(r.reason)).join('\n'));
}

async function stopSandbox(dir: string): Promise<void> {
  if (!LIVE.delete(dir)) return;
  const r = await execa('bash', [SANDBOX_SH, 'stop', dir], { reject: false });
  rmSync(dir, { recursive: true, force: true });
  if (r.exitCode !== 0) throw new Error(`systemd sandbox did not stop cleanly (exit ${r.exitCode}):\n${r.stderr}`);
}

// Last resort when the test process ends without afterAll (a crash, a timeout).
process.on('exit', () => {
  for (const dir of LIVE) spawnSync('bash', [SANDBOX_SH, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
});
