import { appendFileSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { runCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, sleep } from '../support/media.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { freeBytes, namesIn, recordOnSmallDisk, smallDisk, unmountSmallDisksAfterEachTest } from '../support/small-disk.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();
unmountSmallDisksAfterEachTest();

// Fills `dir` to 100 % with copies of `file` named as minutes going back from `from`; the last copy,
// cut short by ENOSPC, is removed, and the few blocks left are taken by a file that is not footage.
function fillWithRecordings(dir: string, file: string, from: Date): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; ; i++) {
    const minute = new Date(from.getTime() - i * 60_000);
    const name = `${parseable(minute)}.mp4`;
    try {
      copyFileSync(file, path.join(dir, name));
      names.push(name);
    } catch {
      rmSync(path.join(dir, name), { force: true }); // cut short by ENOSPC
      break;
    }
  }
  try {
    appendFileSync(path.join(dir, '..', 'filler.bin'), Buffer.alloc(freeBytes(dir)));
  } catch {
    // ENOSPC: full, as wanted
  }
  return names.sort();
}



function parseable(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}`;
}

integrationDescribe('a full disk heals itself', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it.runIf(process.getuid?.() === 0)('on a disk that is 100 % full, cams-clean frees space down to min_free, oldest first, and cams-merge cleans before merging', async () => {
    const work = tempDir();
    const seedDir = path.join(work, 'seed');
    const seedStart = minuteAgo(1); // once: the test may cross a minute boundary
    await makeSegments(seedDir, { start: seedStart, seconds: 10, bitrate: '2M' });
    const seed = readdirSync(seedDir).sort();
    const disk = smallDisk('8m');
    const cam = path.join(disk, 'cam1');
    const merged = fillWithRecordings(path.join(cam, 'merged'), path.join(seedDir, seed[0]!), minuteAgo(5));
    expect(freeBytes(disk)).toBeLessThan(4096);
    const config = writeConfig(work, [{ name: 'cam1', url: 'rtsp://127.0.0.1:9/cam', dir: cam }], { merge_delay: 0 });
    appendFileSync(config, 'retention:\n  min_free: 50%\n');

    const clean = await runCli(['clean', '-c', config]);
    expect(clean.stderr).toBe('');
    expect(clean.exitCode).toBe(0);
    expect(freeBytes(disk)).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    const kept = readdirSync(path.join(cam, 'merged')).sort();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(merged.slice(merged.length - kept.length)); // the newest stay

    // Segments of the last minute arrive, and the disk is full again: the merge frees space first,
    // then merges them.
    mkdirSync(path.join(cam, 'segments'));
    for (const name of seed) copyFileSync(path.join(seedDir, name), path.join(cam, 'segments', name));
    fillWithRecordings(path.join(cam, 'merged'), path.join(seedDir, seed[0]!), minuteAgo(5 + merged.length));
    expect(freeBytes(disk)).toBeLessThan(4096);
    const merge = await runCli(['merge', '-c', config]);
    expect(merge.stderr).toMatch(/less than retention\.min_free .*: cleaning first/);
    expect(merge.exitCode).toBe(0);
    expect(readdirSync(path.join(cam, 'segments'))).toEqual([]);
    expect(readdirSync(path.join(cam, 'merged')), `merge said:\n${merge.stderr}`).toContain(`${parseable(seedStart)}.mp4`);
  });

  it.runIf(process.getuid?.() === 0)('when the disk does fill up (min_free off), no torn or empty segment enters segments/ and no empty file is quarantined', async () => {
    const { disk, config, recorder } = await recordOnSmallDisk('6m', { reconnect_delay: 2 }, '0');
    await recorder.waitFor(/reconnecting (in|now)/, 90_000); // FFmpeg failed on the full disk
    await sleep(10_000); // a few retries on the full disk
    const status = JSON.parse((await runCli(['status', '--json', '-c', config])).stdout) as { cameras: Array<{ recorder_state: string; reason: string | null }> };
    expect(status.cameras[0]).toMatchObject({ recorder_state: 'reconnecting', reason: 'the disk is full' }); // its state file is written in place
    expect((await recorder.stop()).code).toBe(0);
    const cam = path.join(disk, 'cam1');
    for (const name of readdirSync(path.join(cam, 'segments'))) {
      expect(await decodeErrors(path.join(cam, 'segments', name)), name).toBe('');
    }
    const quarantined = namesIn(path.join(cam, 'quarantine'));
    for (const name of quarantined) expect(statSync(path.join(cam, 'quarantine', name)).size, name).toBeGreaterThan(0);
    const log = recorder.lines.join('\n');
    for (const name of quarantined) expect(log).toContain(`segment ${name}`);
    expect(log).toMatch(/ ERROR +cam1: the disk is full; reconnecting (in|now)/);
    // The merge cannot write either: it says so in plain words, and what to set.
    const merge = await runCli(['merge', '--all', '-c', config]);
    expect(merge.stderr).toMatch(/merging \S+ failed: the disk is full$/m);
    expect(merge.stderr).toContain('retention.min_free is 0, so nothing makes room on a full disk');
    expect(merge.exitCode).toBe(1);
  }, 180_000);

});
