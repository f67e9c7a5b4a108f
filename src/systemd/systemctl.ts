// The shell around systemctl and the unit folder: where units go, what is installed, running commands.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CamsError, EXIT } from '../errors.js';

// /etc/systemd/system, or $XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user).
export function unitDirectory(user: boolean, env = process.env): string {
  if (!user) return '/etc/systemd/system';
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'systemd/user');
}

// The text of each named file in dir (undefined when absent).
export function readUnits(dir: string, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((n) => [n, existsSync(path.join(dir, n)) ? readFileSync(path.join(dir, n), 'utf8') : undefined]));
}

// Writes each file atomically (a temp file, then rename), creating dir if needed.
export function writeUnits(dir: string, files: Record<string, string>, names: string[]): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of names) {
      const tmp = path.join(dir, `.${name}.tmp`);
      writeFileSync(tmp, files[name]!, { mode: 0o644 });
      renameSync(tmp, path.join(dir, name));
    }
  } catch (error) {
    const hint = (error as NodeJS.ErrnoException).code === 'EACCES' ? ' (run it as root, or use --user)' : '';
    throw new CamsError(`cannot write units to "${dir}": ${(error as Error).message}${hint}`, { code: 'E_UNIT_WRITE', exitCode: EXIT.CANT_CREATE, cause: error });
  }
}

export function removeUnits(dir: string, names: string[]): void {
  for (const name of names) rmSync(path.join(dir, name), { force: true });
}

// Cameras whose cams-record@ instance is enabled in dir (a link in some *.wants/ folder) or loaded.
export async function installedCameras(dir: string, user: boolean): Promise<string[]> {
  const found = new Set<string>();
  const wants = existsSync(dir) ? readdirSync(dir).filter((d) => d.endsWith('.wants')) : [];
  for (const w of wants) for (const f of readdirSync(path.join(dir, w))) addInstance(found, f);
  const listed = await systemctl(['list-units', '--all', '--plain', '--no-legend', '--full', 'cams-record@*.service'], user, false);
  for (const line of listed.split('\n')) addInstance(found, line.trim().split(/\s+/)[0] ?? '');
  return [...found].sort();
}

function addInstance(found: Set<string>, unit: string): void {
  const m = /^cams-record@(.+)\.service$/.exec(unit);
  if (m) found.add(m[1]!);
}

// Runs `systemctl [--user] …args`; returns stdout. A failure throws unless mustSucceed is false.
export async function systemctl(args: string[], user: boolean, mustSucceed = true): Promise<string> {
  const argv = [...(user ? ['--user'] : []), ...args];
  const r = await execa('systemctl', argv, { reject: false, timeout: 120_000 });
  if ((r as { code?: string }).code === 'ENOENT') {
    throw new CamsError('"systemctl" not found: systemd is needed to install units (use --output to only write them)', { code: 'E_NO_SYSTEMCTL', exitCode: EXIT.UNAVAILABLE });
  }
  if (r.exitCode !== 0 && mustSucceed) {
    const details = String(r.stderr).split('\n').filter(Boolean).slice(0, 10);
    if (/Failed to connect to bus/.test(String(r.stderr))) {
      details.push(user
        ? 'no systemd user manager is reachable here: log in to a session (or run `loginctl enable-linger $USER`), then run the same command again'
        : 'systemd is not running on this machine: use --output <dir> to only write the units');
    }
    throw new CamsError(`"systemctl ${argv.join(' ')}" failed (exit ${r.exitCode})`, { code: 'E_SYSTEMCTL', exitCode: EXIT.FAILURE, details });
  }
  return String(r.stdout);
}
