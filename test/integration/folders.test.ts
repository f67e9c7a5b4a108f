import { chownSync, chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { CLI, runCli, tempDir } from '../support/cli.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

// A config whose only camera writes into `outputDir`.
function config(dir: string, outputDir: string): string {
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `cameras:\n  - name: door\n    rtsp_url: rtsp://127.0.0.1:9/cam\n    output_dir: ${outputDir}\n`);
  return file;
}

// Runs the CLI as root without the power to override file permissions: a service user's view.
async function runWithoutDacOverride(args: string[]) {
  const r = await execa('setpriv', ['--bounding-set=-dac_override,-dac_read_search,-fowner', process.execPath, CLI, ...args], {
    reject: false,
    env: { JOURNAL_STREAM: '' },
    timeout: 30_000,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

integrationDescribe('output folders that cannot be made or written', ['ffmpeg'], () => {
  it('a folder under /proc is refused by check and by record with one line and exit 73, without spinning', async () => {
    const file = config(tempDir(), '/proc/cams/frontdoor');
    const check = await runCli(['check', '-c', file]);
    expect(check.stdout).toMatch(/✘ door: output folder \/proc\/cams\/frontdoor cannot be created: "\/proc" does not take new folders/);
    expect(check.exitCode).toBe(73);
    const record = await runCli(['record', 'door', '-c', file]); // runCli's timeout would catch a spin
    expect(record.stderr).toContain('cams-manager: camera "door": folder "/proc/cams/frontdoor" cannot be created: "/proc" does not take new folders');
    expect(record.stderr).not.toContain('unexpected error');
    expect(record.exitCode).toBe(73);
  });

  it('an output_dir below a file is one line naming the camera and the file, exit 73', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), '');
    const record = await runCli(['record', 'door', '-c', config(dir, 'a-file/door')]);
    expect(record.stderr.trim()).toMatch(/cams-manager: camera "door": folder ".*a-file\/door" cannot be created: ".*a-file" is a file, not a folder$/m);
    expect(record.exitCode).toBe(73);
  });

  it('an output_dir behind a symbolic link to a disk that is not mounted is named as such by check and record', async () => {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'usb-not-mounted'), path.join(dir, 'cams'));
    const file = config(dir, 'cams/door');
    const why = `"${path.join(dir, 'cams')}" is a symbolic link to "${path.join(dir, 'usb-not-mounted')}", which does not exist (a disk that is not mounted?)`;
    const check = await runCli(['check', '-c', file]);
    expect(check.stdout).toContain(`cannot be created: ${why}`);
    expect(check.exitCode).toBe(73);
    const record = await runCli(['record', 'door', '-c', file]);
    expect(record.stderr).toContain(`cams-manager: camera "door": folder "${path.join(dir, 'cams/door')}" cannot be created: ${why}`);
    expect(record.exitCode).toBe(73);
  });

  it('a camera that has recorded nothing yet has nothing to merge or clean: exit 0', async () => {
    const file = config(tempDir(), 'not-yet/door');
    expect((await runCli(['merge', '-c', file])).exitCode).toBe(0);
    expect((await runCli(['clean', '-c', file])).exitCode).toBe(0);
  });

  describe.runIf(process.getuid?.() === 0)('as a user who may not write there', () => {
    it('record, merge and clean each say "permission denied", naming the camera and the folder, exit 73', async () => {
      const dir = tempDir();
      chmodSync(dir, 0o755);
      const theirs = path.join(dir, 'theirs');
      mkdirSync(path.join(theirs, 'door'), { recursive: true });
      chownSync(theirs, 65534, 65534);
      chownSync(path.join(theirs, 'door'), 65534, 65534);
      const newFolder = await runWithoutDacOverride(['record', 'door', '-c', config(dir, 'theirs/new')]);
      expect(newFolder.stderr).toMatch(/cams-manager: camera "door": folder ".*theirs\/new" cannot be created: permission denied on ".*theirs\/new" for user "root"/);
      expect(newFolder.exitCode).toBe(73);
      const file = config(dir, 'theirs/door');
      for (const command of ['merge', 'clean']) {
        const r = await runWithoutDacOverride([command, '-c', file]);
        expect(r.stderr).toMatch(/ERROR +door: folder ".*theirs\/door" cannot be written: permission denied on ".*theirs\/door\/\.merge\.lock"/);
        expect(r.stderr).not.toContain('unexpected error');
        expect(r.exitCode).toBe(73);
      }
    });
  });
});
