import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OffsiteConfig } from '../../../src/config/schema.js';
import { recordFootage } from '../../../src/merge/footage-index.js';
import { minuteStamp } from '../../../src/recorder/naming.js';
import { readOffsiteLag } from '../../../src/status/offsite-lag.js';
import { tempDir } from '../../support/cli.js';

const NOW = new Date(2026, 10, 24, 12, 0);
const minute = (ago: number) => NOW.getTime() - ago * 60_000;
const OFFSITE: OffsiteConfig = { remote: 'nas:cams', max_lag: 600, required: false };

// A camera folder with merged minutes `ago` (1 000 bytes each), and an off-site state holding `sent`.
async function camera(ago: number[], sent: number[]): Promise<string> {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'merged'), { recursive: true });
  mkdirSync(path.join(dir, '.offsite'));
  const puts: string[] = [];
  for (const m of ago) {
    const name = `${minuteStamp(minute(m))}.mp4`;
    writeFileSync(path.join(dir, 'merged', name), Buffer.alloc(1000));
    await recordFootage(dir, { name, start: minute(m), end: minute(m) + 60_000, bytes: 1000, format: 'h264 640x360' });
    if (sent.includes(m)) puts.push(JSON.stringify({ op: 'put', path: `door/merged/${name}`, size: 1000, start: minute(m), end: minute(m) + 60_000, at: 1 }));
  }
  writeFileSync(path.join(dir, '.offsite', 'state.jsonl'), puts.map((p) => p + '\n').join(''));
  return dir;
}

describe("status's off-site lag", () => {
  it('is the age of the oldest footage not off-site, with the bytes and files still to send', async () => {
    const dir = await camera([30, 20, 10, 5], [30, 10]);
    expect(await readOffsiteLag({ name: 'door', output_dir: dir }, OFFSITE, NOW)).toEqual({
      lag_s: 20 * 60, oldest_pending: new Date(minute(20)).toISOString(), pending_bytes: 2000, pending_files: 2, max_lag_s: 600, error: null,
    });
  });

  it('is 0 with nothing pending when everything is off-site, and leaves out footage past offsite.retention_days', async () => {
    const dir = await camera([3 * 1440, 20, 10], [20, 10]);
    expect(await readOffsiteLag({ name: 'door', output_dir: dir }, { ...OFFSITE, retention_days: 1 }, NOW)).toMatchObject({ lag_s: 0, oldest_pending: null, pending_bytes: 0, pending_files: 0 });
    expect(await readOffsiteLag({ name: 'door', output_dir: dir }, OFFSITE, NOW)).toMatchObject({ lag_s: 3 * 86_400, pending_files: 1 });
  });

  it('is reused for reuseMs (the web server: a week is listed at most that often), and worked out afresh after it', async () => {
    const dir = await camera([20, 10], []);
    const door = { name: 'door', output_dir: dir };
    expect(await readOffsiteLag(door, OFFSITE, NOW, 10_000)).toMatchObject({ pending_files: 2 });
    writeFileSync(path.join(dir, '.offsite', 'state.jsonl'), '');
    const later = (ms: number) => new Date(NOW.getTime() + ms);
    expect(await readOffsiteLag(door, OFFSITE, later(9_000), 10_000)).toMatchObject({ lag_s: 20 * 60 });
    expect(await readOffsiteLag(door, OFFSITE, later(10_000), 10_000)).toMatchObject({ lag_s: 20 * 60 + 10 });
    expect(await readOffsiteLag(door, OFFSITE, later(11_000))).toMatchObject({ lag_s: 20 * 60 + 11 });
  });

  it('says why when the state cannot be read, and gives no numbers', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.offsite', 'state.jsonl'), { recursive: true });
    const lag = await readOffsiteLag({ name: 'door', output_dir: dir }, OFFSITE, NOW);
    expect(lag).toMatchObject({ lag_s: null, pending_bytes: null, error: expect.stringMatching(/^reading the off-site state ".*state\.jsonl": /) });
  });
});
