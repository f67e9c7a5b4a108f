import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('the command line', () => {
  it('--help and --version exit 0; no command at all is a usage error (64) that shows the help', async () => {
    expect((await runCli(['--help'])).exitCode).toBe(0);
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bare = await runCli([]);
    expect(bare.exitCode).toBe(64);
    expect(bare.stderr).toContain('Usage: cams-manager');
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
