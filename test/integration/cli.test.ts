import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../support/cli.js';

describe('the command line', () => {
  it('--help and --version exit 0; no command at all is a usage error (64) that shows the help', async () => {
    expect((await runCli(['--help'])).exitCode).toBe(0);
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bare = await runCli([]);
    expect(bare.exitCode).toBe(64);
    expect(bare.stderr).toContain('Usage: cams-manager');
  });

  it.each(['cams-merge', 'cams-clean'] as const)('%s --help shows its own name and the global options -c, -v and --debug', async (binary) => {
    const r = await runCli(['--help'], {}, undefined, binary);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: ${binary} \\[options\\]$`, 'm'));
    expect(r.stdout).not.toMatch(/cams-manager (merge|clean)/);
    expect(r.stdout).toMatch(/^ {2}-c, --config <file> /m);
    expect(r.stdout).toMatch(/^ {2}-v, --verbose /m);
    expect(r.stdout).toMatch(/^ {2}--debug /m);
    expect(r.stdout).toMatch(/^ {2}--dry-run /m);
    expect(r.stdout).toContain(`Example:\n  ${binary} --dry-run -c /etc/cams-manager/config.yaml`);
  });

  it('help written into a pipe whose reader has gone (| head) ends quietly with exit 0, no EPIPE trace', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before a byte is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('cams-merge takes the global options after its own, like cams-manager merge', async () => {
    const r = await runCli(['--dry-run', '-c', 'no-such-config.yaml'], {}, undefined, 'cams-merge');
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toMatch(/^cams-manager: config ".*no-such-config\.yaml" does not exist/);
  });

  it('an unknown command suggests the right one and exits 64', async () => {
    const r = await runCli(['stauts']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('Did you mean status?');
  });

  it('a wrong camera name is a config error naming the cameras there', async () => {
    const r = await runCli(['record', 'nope', '-c', 'config.yaml.example'], { CAM2_PASSWORD: 'x' });
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toMatch(/^cams-manager: camera "nope" is not in config ".*config\.yaml\.example"\n {2}cameras there: cam1, cam2$/);
  });
});
