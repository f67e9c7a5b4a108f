import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { mp4Files } from '../support/media.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

afterAll(stopAllCli);

const DAYS = 24 * 60;

// A camera folder with real segments made `minutesAgo` (one batch of 6 s per entry), merged.
async function setup(minutesAgo: number[], retention = ''): Promise<{ config: string; cam: string; dir: string }> {
  const dir = tempDir('cams-clean-');
  const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0, retention_days: 7 });
  if (retention) appendFileSync(config, `retention:\n${retention}`);
  const cam = path.join(dir, 'cam1');
  for (const ago of minutesAgo) await makeSegments(path.join(cam, 'segments'), { start: minuteAgo(ago), seconds: 6 });
  expect((await runCli(['merge', '-c', config])).exitCode).toBe(0);
  return { config, cam, dir };
}

const names = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

integrationDescribe('cams-clean on real recordings', ['ffmpeg', 'ffprobe'], () => {
  it('deletes recordings whose names are older than retention_days, and leaves recent ones, user files and symlinks alone', async () => {
    const { config, cam, dir } = await setup([9 * DAYS, 1 * DAYS]);
    const [oldMerged, recentMerged] = names(path.join(cam, 'merged'));
    const leftovers = await makeSegments(path.join(cam, 'segments'), { start: minuteAgo(8 * DAYS), seconds: 4 });
    const recent = await makeSegments(path.join(cam, 'segments'), { start: minuteAgo(0), seconds: 4 });
    writeFileSync(path.join(cam, 'segments', 'notes.txt'), 'mine');
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, '20200101_000000.mp4'), 'not the camera\'s');
    symlinkSync(path.join(outside, '20200101_000000.mp4'), path.join(cam, 'segments', '20200102_000000.mp4'));
    symlinkSync(outside, path.join(cam, 'merged', '20200103_0000.mp4'));
    const result = await runCli(['clean', '-c', config]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^cam1: deleted ${leftovers.length + 1} recordings, [\\d.]+ [KM]B \\(${leftovers.length + 1} past retention\\)$`, 'm'));
    expect(names(path.join(cam, 'merged'))).toEqual(['20200103_0000.mp4', recentMerged].sort());
    expect(oldMerged).not.toBe(recentMerged);
    expect(names(path.join(cam, 'segments'))).toEqual(['20200102_000000.mp4', ...recent, 'notes.txt'].sort());
    expect(names(outside)).toEqual(['20200101_000000.mp4']);
  });

  it('over max_usage, deletes the oldest recordings until the rest fit', async () => {
    const { config, cam } = await setup([30, 20, 10]);
    const files = mp4Files(path.join(cam, 'merged'));
    expect(files).toHaveLength(3);
    appendFileSync(config, `retention:\n  max_usage: ${statSync(files[2]!).size + 1}\n`);
    const result = await runCli(['clean', '-c', config]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^cam1: deleted 2 recordings, .* \(2 for the disk budget\)$/m);
    expect(mp4Files(path.join(cam, 'merged'))).toEqual([files[2]]);
  });

  it('with offsite.required keeps what is not off-site yet and says so, deletes what the off-site state has, and never writes the state', async () => {
    const { config, cam } = await setup([30, 20, 10]);
    const files = mp4Files(path.join(cam, 'merged'));
    const state = path.join(cam, '.offsite', 'state.jsonl');
    mkdirSync(path.dirname(state));
    const put = { op: 'put', path: `cam1/merged/${path.basename(files[0]!)}`, size: statSync(files[0]!).size, start: 0, end: 60_000, at: 1 };
    writeFileSync(state, JSON.stringify(put) + '\n');
    const before = statSync(state).mtimeMs;
    appendFileSync(config, `retention:\n  max_usage: ${statSync(files[2]!).size + 1}\noffsite: {remote: "nas:cams", required: true}\n`);
    const result = await runCli(['clean', '-c', config]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^cam1: deleted 1 recording, .* \(1 for the disk budget\)$/m);
    expect(result.stderr).toMatch(/cam1: kept 1 recording, [\d.]+ [KM]B, not off-site yet though past retention or over the disk budget \(offsite\.required\); the oldest from /);
    expect(mp4Files(path.join(cam, 'merged'))).toEqual([files[1], files[2]]);
    expect(readFileSync(state, 'utf8')).toBe(JSON.stringify(put) + '\n');
    expect(statSync(state).mtimeMs).toBe(before);
    expect(names(path.join(cam, '.offsite'))).toEqual(['state.jsonl']);
  });

  it('without offsite.required deletes by local retention and says what went before it was off-site', async () => {
    const { config, cam } = await setup([30, 20, 10]);
    const files = mp4Files(path.join(cam, 'merged'));
    appendFileSync(config, `retention:\n  max_usage: ${statSync(files[2]!).size + 1}\noffsite: {remote: "nas:cams"}\n`);
    const result = await runCli(['clean', '-c', config]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/WARN +cam1: deleted 2 recordings, [\d.]+ [KM]B, before they went off-site \(offsite\.required is false: local retention wins\)/);
    expect(mp4Files(path.join(cam, 'merged'))).toEqual([files[2]]);
    expect(existsSync(path.join(cam, '.offsite'))).toBe(false);
  });

  it('--dry-run lists what it would delete and changes nothing; the real run then removes the merged/ it emptied', async () => {
    const { config, cam } = await setup([10 * DAYS]);
    const before = names(path.join(cam, 'merged'));
    const dry = await runCli(['clean', '-c', config, '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toBe(`cam1: would delete 1 recording, ${/[\d.]+ [KM]B/.exec(dry.stdout)![0]} (1 past retention)\n  delete merged/${before[0]} (past retention)`);
    expect(names(path.join(cam, 'merged'))).toEqual(before);
    expect((await runCli(['clean', '-c', config])).exitCode).toBe(0);
    expect(existsSync(path.join(cam, 'merged'))).toBe(false);
    expect(existsSync(path.join(cam, 'segments'))).toBe(true);
  });

  it('keeps quarantine/ for retention_days like the footage, by the time in its names', async () => {
    const { config, cam } = await setup([1 * DAYS]);
    const quarantine = path.join(cam, 'quarantine');
    mkdirSync(quarantine);
    const old = await makeSegments(quarantine, { start: minuteAgo(9 * DAYS), seconds: 2 });
    const recent = await makeSegments(quarantine, { start: minuteAgo(60), seconds: 2 });
    writeFileSync(path.join(quarantine, 'README.txt'), 'mine');
    const result = await runCli(['clean', '-c', config]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^cam1: deleted ${old.length} recordings?, .* past retention\\)$`, 'm'));
    expect(names(quarantine)).toEqual([...recent, 'README.txt'].sort());
  });
});
