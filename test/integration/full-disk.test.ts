import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { readFootage } from '../../src/merge/footage-index.js';
import { parseMergedName, parseSegmentName } from '../../src/recorder/naming.js';
import { startCamera } from '../support/camera.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, probeFile, sleep } from '../support/media.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

// How long the recording on a small disk runs (the issue asks for 10 minutes; shorter to try things).
const SOAK_SECONDS = Number(process.env.CAMS_FULL_DISK_SECONDS ?? 600);
const mounts: string[] = [];

// A tmpfs of `size` mounted on a fresh folder; unmounted after the test.
function smallDisk(size: string): string {
  const dir = tempDir('cams-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of mounts.splice(0)) execFileSync('umount', ['--lazy', dir]);
});
afterAll(() => {
  for (const dir of mounts.splice(0)) execFileSync('umount', ['--lazy', dir]);
});

const freeBytes = (dir: string) => {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
};

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

// A 720p simulated camera recorded onto a fresh tmpfs of `size` with retention.min_free `minFree`;
// resolves once the recorder records.
async function recordOnSmallDisk(size: string, recording: Record<string, number>, minFree: string) {
  const camera = await startCamera({ width: 1280, height: 720, fps: 15 });
  const disk = smallDisk(size);
  const config = writeConfig(tempDir(), [{ name: 'cam1', url: camera.url, dir: path.join(disk, 'cam1') }], recording);
  appendFileSync(config, `retention:\n  min_free: ${minFree}\n`);
  const recorder = new CliProcess(['record', 'cam1', '-c', config]);
  await recorder.waitFor(/: recording$/);
  return { disk, config, recorder };
}

// The names in a folder ([] when it does not exist).
const namesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

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
    await recorder.waitFor(/reconnecting in/, 90_000); // FFmpeg failed on the full disk
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
    expect(log).toMatch(/ ERROR +cam1: the disk is full; reconnecting in/);
    // The merge cannot write either: it says so in plain words, and what to set.
    const merge = await runCli(['merge', '--all', '-c', config]);
    expect(merge.stderr).toMatch(/merging \S+ failed: the disk is full$/m);
    expect(merge.stderr).toContain('retention.min_free is 0, so nothing makes room on a full disk');
    expect(merge.exitCode).toBe(1);
  }, 180_000);

  it.runIf(process.getuid?.() === 0)(`a 720p camera on a 40 MB disk with min_free records ${SOAK_SECONDS} s without a gap longer than a segment, no bad or empty file, the oldest footage going first`, async () => {
    const { disk, config, recorder } = await recordOnSmallDisk('40m', { merge_delay: 10 }, '16M');
    const started = Date.now();
    let cleaned = 0;
    while (Date.now() - started < SOAK_SECONDS * 1000) {
      await sleep(30_000); // cams-merge.timer's merge_interval
      const merge = await runCli(['merge', '-c', config]);
      expect(merge.exitCode, merge.stderr).toBe(0);
      if (/cleaning first/.test(merge.stderr)) cleaned++;
    }
    expect((await recorder.stop()).code).toBe(0);
    const log = recorder.lines.join('\n');
    expect(log).not.toMatch(/reconnecting|no space|disk is full|quarantine/i);
    expect(cleaned).toBeGreaterThan(0); // the disk did fill up, and was freed by the merge

    const cam = path.join(disk, 'cam1');
    const intervals: Array<{ start: number; end: number; file: string }> = [];
    for (const sub of ['segments', 'merged', 'quarantine']) {
      for (const name of namesIn(path.join(cam, sub))) {
        const file = path.join(cam, sub, name);
        expect(statSync(file).size, file).toBeGreaterThan(0);
        expect(await decodeErrors(file), file).toBe('');
        expect(sub).not.toBe('quarantine');
        const seg = parseSegmentName(name);
        if (seg) intervals.push({ start: seg.start.getTime(), end: seg.start.getTime() + (await probeFile(file)).duration * 1000, file });
        const minute = parseMergedName(name);
        if (minute) {
          const line = readFootage(cam, name.slice(0, 8)).get(name)!;
          intervals.push({ start: line.start, end: line.end, file });
        }
      }
    }
    intervals.sort((a, b) => a.start - b.start);
    expect(intervals[0]!.start).toBeGreaterThan(started); // the oldest went
    let reach = intervals[0]!.end;
    let widest = 0;
    for (const i of intervals.slice(1)) {
      expect(i.start - reach, `gap before ${i.file}`).toBeLessThanOrEqual(2000 + 1000);
      widest = Math.max(widest, i.start - reach);
      reach = Math.max(reach, i.end);
    }
    expect(Date.now() - reach).toBeLessThan(10_000); // recorded to the end
    const kept = (reach - intervals[0]!.start) / 1000;
    console.log(`full disk soak: ${SOAK_SECONDS} s recorded on 40 MB, ${cleaned} merges cleaned first, ${kept.toFixed(0)} s kept in ${intervals.length} files, widest gap ${(Math.max(0, widest) / 1000).toFixed(2)} s, ${(freeBytes(disk) / 2 ** 20).toFixed(1)} MiB free at the end`);
  }, (SOAK_SECONDS + 180) * 1000);
});
