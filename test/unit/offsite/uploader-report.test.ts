import { describe, expect, it } from 'vitest';
import { HEALTHY } from '../../../src/offsite/backoff.js';
import { describeAction, formatDryRun, statusLine } from '../../../src/offsite/uploader-report.js';

describe('what the uploader says', () => {
  it('puts each camera\'s lag, the files to send and a failing remote on systemd\'s status line', () => {
    const cameras = [{ camera: 'door', lagSeconds: 2, pendingBytes: 3 * 1048576, pendingFiles: 3 }, { camera: 'yard', lagSeconds: 0, pendingBytes: 0, pendingFiles: 0 }];
    expect(statusLine(cameras, HEALTHY, 0)).toBe('off-site lag door 2 s, yard 0 s; 3 files (3.0 MiB) to send');
    expect(statusLine(cameras, { failures: 2, since: 0, code: 'E_OFFSITE_UNREACHABLE' }, 90_000)).toMatch(/; remote failing for 1 min 30 s$/);
  });

  it('prints the dry run as one line per action, then each camera\'s lag and bytes', () => {
    const upload = { type: 'upload' as const, local: '/rec/door/segments/a.mp4', remote: 'door/segments/a.mp4', bytes: 2048, start: 0, end: 2000, covered: false };
    const remove = { type: 'delete' as const, remote: 'door/segments/b.mp4', reason: 'replaced' as const, by: 'door/merged/m.mp4' };
    const lines = formatDryRun([{ action: upload, rank: 1, start: 0, key: upload.remote }, { action: remove, rank: 2, start: 0, key: remove.remote }], [{ camera: 'door', lagSeconds: 75, pendingBytes: 2048, pendingFiles: 1 }]);
    expect(lines[0]).toMatch(/^upload  door\/segments\/a\.mp4  2\.0 KiB  footage from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines.slice(1)).toEqual(['delete  door/segments/b.mp4  (replaced by door/merged/m.mp4)', 'door: lag 1 min 15 s, 1 file (2.0 KiB) to send']);
    expect(describeAction(remove)).toBe('deleted door/segments/b.mp4 (replaced by door/merged/m.mp4)');
  });
});
