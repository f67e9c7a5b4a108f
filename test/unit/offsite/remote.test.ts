import { describe, expect, it } from 'vitest';
import { rcdArgs } from '../../../src/offsite/rclone-daemon.js';
import { compareUpload, isPartialName, partialName, verifyHashOf } from '../../../src/offsite/remote.js';

describe('partial uploads', () => {
  it('go beside the final name, hidden and marked, so a final name is never half-written', () => {
    expect(partialName('cam1/segments/20240101_120000.mp4', '1f2e3d4c')).toBe('cam1/segments/.20240101_120000.mp4.partial-1f2e3d4c');
    expect(partialName('a.mp4', '00000000')).toBe('.a.mp4.partial-00000000');
  });

  it('are told from final names, for the sweep after a crash', () => {
    expect(isPartialName(partialName('cam1/merged/20240101_1200.mp4'))).toBe(true);
    expect(isPartialName('cam1/merged/20240101_1200.mp4')).toBe(false);
    expect(isPartialName('.hidden.mp4')).toBe(false);
  });
});

describe('verifying an upload', () => {
  const local = { bytes: 1000, hash: { type: 'md5', value: 'abc' } };

  it('passes when size and hash agree (the remote\'s hash in any case)', () => {
    expect(compareUpload({ Size: 1000, Hashes: { md5: 'ABC' } }, local)).toBeUndefined();
  });

  it('fails on a missing copy, a short copy or another hash, saying which', () => {
    expect(compareUpload(null, local)).toBe('it is not there after the copy');
    expect(compareUpload({ Size: 999, Hashes: { md5: 'abc' } }, local)).toBe('999 bytes there, 1000 here');
    expect(compareUpload({ Size: 1000, Hashes: { md5: 'def' } }, local)).toBe('md5 def there, abc here');
  });

  it('goes by size alone where the backend has no common hash', () => {
    expect(compareUpload({ Size: 1000 }, { bytes: 1000 })).toBeUndefined();
    expect(verifyHashOf([])).toBeUndefined();
    expect(verifyHashOf(['sha1', 'md5'])).toBe('md5');
    expect(verifyHashOf(['sha1', 'quickxor'])).toBe('sha1');
  });
});

describe('rclone rcd', () => {
  it('listens on 127.0.0.1 on a port the kernel picks, never prompts, fails fast, leaves the hash check to us, and takes the config file and bwlimit', () => {
    expect(rcdArgs({ configFile: '/etc/cams-manager/rclone.conf', bwlimit: '08:00,512k 23:00,off' })).toEqual([
      'rcd', '--rc-addr', '127.0.0.1:0', '--ask-password=false', '--low-level-retries', '1', '--ignore-checksum',
      '--config', '/etc/cams-manager/rclone.conf', '--bwlimit', '08:00,512k 23:00,off',
    ]);
    expect(rcdArgs({}).join(' ')).not.toMatch(/rc-no-auth|rc-pass|rc-user/);
  });
});
