// Runs the built CLI as a real process, as a user or systemd would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist/bin/cams-manager.js');
export type Binary = 'cams-manager' | 'cams-merge' | 'cams-clean';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// Runs `cams-manager …args` (or another of the package's commands) to completion.
export async function runCli(args: string[], env: Record<string, string> = {}, cwd = ROOT, binary: Binary = 'cams-manager'): Promise<CliResult> {
  const r = await execa(process.execPath, [path.join(ROOT, `dist/bin/${binary}.js`), ...args], { reject: false, env: { ...env, JOURNAL_STREAM: '' }, cwd, timeout: 120_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function tempDir(prefix = 'cams-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface CameraEntry {
  name: string;
  url: string;
  dir?: string;
  audio?: string;
}

// Writes a config file for the given cameras into dir and returns its path.
export function writeConfig(dir: string, cameras: CameraEntry[], recording: Record<string, number> = {}): string {
  const lines = ['cameras:'];
  for (const c of cameras) {
    lines.push(`  - name: ${c.name}`, `    rtsp_url: "${c.url}"`, `    output_dir: ${c.dir ?? c.name}`);
    if (c.audio) lines.push(`    audio: ${c.audio}`);
  }
  lines.push('recording:');
  for (const [k, v] of Object.entries({ reconnect_delay: 1, ...recording })) lines.push(`  ${k}: ${v}`);
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// A long-running CLI process (the recorder) whose stderr lines are kept and can be awaited.
export class CliProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  private waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, JOURNAL_STREAM: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) this.onLine(line);
    };
    this.child.stderr!.on('data', onData);
    this.child.stdout!.on('data', onData);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    LIVE.add(this);
    void this.exited.then(() => LIVE.delete(this));
  }

  // Resolves with the first line (seen before or later) matching re; rejects after timeoutMs.
  waitFor(re: RegExp, timeoutMs = 30_000, from = 0): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${this.lines.slice(-30).join('\n')}`)), timeoutMs);
      this.waiters.push({ re, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  // SIGTERM, and SIGKILL if it has not exited after graceMs.
  async stop(graceMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => (w.re.test(line) ? (w.resolve(line), false) : true));
  }
}

const LIVE = new Set<CliProcess>();

// Kills every CLI process a test left running (afterAll).
export async function stopAllCli(): Promise<void> {
  await Promise.all([...LIVE].map((p) => p.stop(5000)));
}

process.on('exit', () => {
  for (const p of LIVE) p.child.kill('SIGKILL');
});
