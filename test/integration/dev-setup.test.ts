import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';
import { integrationDescribe } from '../support/tools.js';

const COMMANDS = ['cams-manager', 'cams-merge', 'cams-clean'];

// Runs a bash snippet with install/link-commands.sh sourced.
function withLinkCommands(script: string, env: Record<string, string>) {
  return execa('bash', ['-c', `set -euo pipefail; source install/link-commands.sh; ${script}`], { cwd: ROOT, env, extendEnv: false, reject: false });
}

integrationDescribe('the commands README shows, after install/dev-setup.sh', [], () => {
  it('dev-setup.sh links cams-manager, cams-merge and cams-clean, like install.sh', () => {
    for (const script of ['install/dev-setup.sh', 'install/install.sh']) {
      expect(readFileSync(path.join(ROOT, script), 'utf8'), script).toMatch(/^source "?\$?[^\n]*install\/link-commands\.sh"?$/m);
      expect(readFileSync(path.join(ROOT, script), 'utf8'), script).toMatch(/^link_commands (dev-setup|install) /m);
    }
  });

  it('links them into /usr/local/bin for root, else ~/.local/bin', async () => {
    const home = tempDir('cams-home-');
    const r = await withLinkCommands('dev_bin_dir', { HOME: home, PATH: process.env.PATH! });
    expect(r.stdout).toBe(process.getuid!() === 0 ? '/usr/local/bin' : path.join(home, '.local/bin'));
  });

  it('once linked, each runs by its name from any folder, and a second run links nothing again', async () => {
    const bin = path.join(tempDir('cams-bin-'), 'bin');
    const env = { HOME: tempDir('cams-home-'), PATH: `${bin}:${process.env.PATH}` };
    const first = await withLinkCommands(`link_commands dev-setup "$PWD" ${bin}`, env);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout.split('\n')).toEqual(COMMANDS.map((c) => `dev-setup: linked ${bin}/${c}`));
    for (const command of COMMANDS) {
      expect(readlinkSync(path.join(bin, command))).toBe(path.join(ROOT, `dist/bin/${command}.js`));
      const r = await execa(command, ['--help'], { cwd: tempDir(), env, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: ${command} [options]`);
    }
    expect((await withLinkCommands(`link_commands dev-setup "$PWD" ${bin}`, env)).stdout).toBe('');
  });

  it('says so when the folder it links into is not on PATH', async () => {
    const bin = path.join(tempDir('cams-bin-'), 'bin');
    const r = await withLinkCommands(`link_commands dev-setup "$PWD" ${bin}`, { HOME: tempDir('cams-home-'), PATH: process.env.PATH! });
    expect(existsSync(path.join(bin, 'cams-merge'))).toBe(true);
    expect(r.stdout.split('\n').at(-1)).toBe(`dev-setup: ${bin} is not on your PATH; add it (export PATH="${bin}:$PATH" in ~/.profile) to run cams-manager, cams-merge and cams-clean by name`);
  });
});
