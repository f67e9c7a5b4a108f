import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanRecordings } from '../../../src/status/recordings.js';

const root = mkdtempSync(path.join(tmpdir(), 'cams-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const p = (n: number) => String(n).padStart(2, '0');
const segName = (d: Date) => `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.mp4`;

// A camera folder with a 2 s segment for every start in [from, to) except inside `holes`.
function cameraWith(from: Date, to: Date, holes: Array<[Date, Date]> = []): string {
  const dir = mkdtempSync(path.join(root, 'cam-'));
  mkdirSync(path.join(dir, 'segments'));
  for (let t = from.getTime(); t < to.getTime(); t += 2000) {
    if (holes.some(([a, b]) => t >= a.getTime() && t < b.getTime())) continue;
    writeFileSync(path.join(dir, 'segments', segName(new Date(t))), 'x');
  }
  return dir;
}

const at = (h: number, m: number, s = 0) => new Date(2026, 10, 24, h, m, s);

describe('today\'s gaps in status', () => {
  it('one continuous recording since 10:00 has no gap', () => {
    const now = at(10, 20, 1);
    expect(scanRecordings(cameraWith(at(10, 0), at(10, 20)), now, 2)).toMatchObject({ gapsToday: 0 });
  });

  it('nothing recorded has no gap', () => {
    const dir = mkdtempSync(path.join(root, 'empty-'));
    expect(scanRecordings(dir, at(10, 0), 2)).toMatchObject({ files: 0, bytes: 0, coverageToday: 0, gapsToday: 0 });
  });

  it('a recording that stopped an hour ago has no gap: the hour since is shown by the newest footage', () => {
    const now = at(11, 30);
    expect(scanRecordings(cameraWith(at(10, 0), at(10, 30)), now, 2)).toMatchObject({ gapsToday: 0, newestEnd: at(10, 30).getTime() });
  });

  it('two outages between footage are two gaps', () => {
    const holes: Array<[Date, Date]> = [[at(10, 5), at(10, 6)], [at(10, 10), at(10, 10, 30)]];
    expect(scanRecordings(cameraWith(at(10, 0), at(10, 20), holes), at(10, 20, 1), 2)).toMatchObject({ gapsToday: 2 });
  });
});

describe('the oldest and newest footage in status', () => {
  it('are found by the instants names stand for: a stray file first in the folder and the passes of a fall-back do not confuse them', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const dir = mkdtempSync(path.join(root, 'cam-'));
      mkdirSync(path.join(dir, 'segments'));
      // 01:30:08 EDT, then 01:10:00 EST (40 min later, though its text sorts first), and a user's file.
      for (const name of ['00-notes.mp4', '20261101_013008-0400.mp4', '20261101_011000-0500.mp4']) writeFileSync(path.join(dir, 'segments', name), 'x');
      const scan = scanRecordings(dir, new Date(Date.parse('2026-11-01T06:20:00Z')), 2);
      expect(new Date(scan.oldestStart!).toISOString()).toBe('2026-11-01T05:30:08.000Z');
      expect(new Date(scan.newestEnd!).toISOString()).toBe('2026-11-01T06:10:02.000Z');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
