// The 10-minute soak of the full-disk issue: a 720p camera on a 40 MB tmpfs with min_free, merged
// every 30 s. It is mostly waiting, so it runs in its own vitest project beside the rest of the
// suite (vitest.config.ts), not after it.
import { statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readFootage } from '../../src/merge/footage-index.js';
import { parseMergedName, parseSegmentName } from '../../src/recorder/naming.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { runCli } from '../support/cli.js';
import { decodeErrors, probeFile, sleep } from '../support/media.js';
import { freeBytes, namesIn, recordOnSmallDisk, unmountSmallDisksAfterEachTest } from '../support/small-disk.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();
unmountSmallDisksAfterEachTest();

// How long the recording on a small disk runs (the issue asks for 10 minutes; shorter to try things).
const SOAK_SECONDS = Number(process.env.CAMS_FULL_DISK_SECONDS ?? 600);

integrationDescribe('a full disk heals itself, for 10 minutes', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
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
