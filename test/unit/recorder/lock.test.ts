import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { takeLock } from '../../../src/recorder/lock.js';
import { tempDir } from '../../support/cli.js';

describe('the camera lock', () => {
  it('is a symbolic link naming its owner, and is gone once released', async () => {
    const file = path.join(tempDir(), '.merge.lock');
    const lock = await takeLock(file, 'a merge');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file)).toMatch(new RegExp(`^${process.pid} \\d+$`));
    await lock.release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('is refused while a live process holds it, naming that process', async () => {
    const file = path.join(tempDir(), '.merge.lock');
    const stat = readFileSync('/proc/1/stat', 'utf8');
    symlinkSync(`1 ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`, file); // held by pid 1, alive
    await expect(takeLock(file, 'a merge of camera "cam1"')).rejects.toMatchObject({ code: 'E_LOCKED', exitCode: 75, message: expect.stringContaining('pid 1,') });
  });

  it('is taken over from a dead owner, also from a lock file of an older version', async () => {
    const dir = tempDir();
    const dead = execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(dir, '.merge.lock'), `${dead} 12345\n`);
    const lock = await takeLock(path.join(dir, '.merge.lock'), 'a merge');
    expect(lstatSync(path.join(dir, '.merge.lock')).isSymbolicLink()).toBe(true);
    await lock.release();
  });

  describe('on a full disk', () => {
    let mount: string;
    beforeAll(() => {
      if (process.getuid?.() !== 0) return;
      mount = tempDir('cams-full-');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
      const filler = spawn('dd', ['if=/dev/zero', `of=${path.join(mount, 'fill')}`, 'bs=4k'], { stdio: 'ignore' });
      return new Promise<void>((resolve) => filler.on('exit', () => resolve()));
    });
    afterAll(() => {
      if (mount) execFileSync('umount', [mount]);
    });

    it.runIf(process.getuid?.() === 0)('is taken where a file with a pid in it cannot be written', async () => {
      expect(() => writeFileSync(path.join(mount, 'probe'), 'x')).toThrow(/ENOSPC/);
      const lock = await takeLock(path.join(mount, '.merge.lock'), 'a clean');
      await lock.release();
      expect(readdirSync(mount).sort()).toEqual(['fill', 'probe']);
    });
  });
});

describe('the camera lock on a filesystem without symbolic links (FAT, exFAT)', () => {
  it('is a file holding its owner, taken and released the same way', async () => {
    vi.resetModules();
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:fs/promises')>();
      const eperm = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' }));
      return { ...real, symlink: eperm };
    });
    const { takeLock: takeFileLock } = await import('../../../src/recorder/lock.js');
    const file = path.join(tempDir(), '.recorder.lock');
    const lock = await takeFileLock(file, 'the recorder');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
    await lock.release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
    vi.doUnmock('node:fs/promises');
  });
});
