import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../src/disk/write-atomically.js';
import { tempDir } from '../../support/cli.js';

describe('writing a file atomically', () => {
  it('replaces the text whole, durably when asked, and leaves no temporary file', async () => {
    const file = path.join(tempDir(), 'state.jsonl');
    await writeFileAtomically(file, 'old\n');
    await writeFileAtomically(file, 'new\n', { durable: true });
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(path.dirname(file))).toEqual(['state.jsonl']);
  });
});

describe.runIf(process.getuid?.() === 0)('writing a file durably on a full disk', () => {
  it('fails and leaves the old text whole, never rewriting it in place', async () => {
    const mount = tempDir('cams-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    try {
      const file = path.join(mount, 'state.jsonl');
      const old = 'x'.repeat(8000) + '\n';
      await writeFileAtomically(file, old, { durable: true });
      spawnSync('dd', ['if=/dev/zero', `of=${path.join(mount, 'fill')}`, 'bs=4k']);
      expect(() => writeFileSync(path.join(mount, 'probe'), 'x')).toThrow(/ENOSPC/);
      await expect(writeFileAtomically(file, 'y'.repeat(7000) + '\n', { durable: true })).rejects.toThrow(/ENOSPC/);
      expect(readFileSync(file, 'utf8')).toBe(old);
      expect(readdirSync(mount).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
