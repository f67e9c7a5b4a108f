import { readdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, mp4Files, packetTimes } from '../support/media.js';
import { makeSegments, minuteAgo, segmentStem, streamDurations, videoByMinute } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

afterAll(stopAllCli);

interface Setup {
  config: string;
  cam: string; // the camera's output_dir
  segments: string;
  merged: string;
}

function setup(): Setup {
  const dir = tempDir('cams-merge-');
  const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0 });
  const cam = path.join(dir, 'cam1');
  return { config, cam, segments: path.join(cam, 'segments'), merged: path.join(cam, 'merged') };
}

const merge = (s: Setup, ...args: string[]) => runCli(['merge', '-c', s.config, ...args]);

integrationDescribe('cams-merge on real FFmpeg segments', ['ffmpeg', 'ffprobe'], () => {
  it('joins a backlog of three minutes into one file per minute that decodes, lasts the sum of its segments, and deletes only those segments', async () => {
    const s = setup();
    await makeSegments(s.segments, { start: minuteAgo(10), seconds: 180 });
    writeFileSync(path.join(s.segments, 'notes.txt'), 'mine');
    const before = await videoByMinute(mp4Files(s.segments));
    const result = await merge(s);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^cam1: merged 3 minutes from \d+ segments, [\d.]+ [KM]B, [\d.]+ s$/m);
    const merged = mp4Files(s.merged);
    expect(merged.map((f) => path.basename(f))).toEqual([...before.keys()].map((m) => `${m}.mp4`));
    for (const file of merged) {
      expect(await decodeErrors(file)).toBe('');
      const minute = path.basename(file, '.mp4');
      const joins = before.get(minute)!.files - 1;
      const durations = await streamDurations(file);
      expect(Math.abs(durations.video - before.get(minute)!.seconds)).toBeLessThanOrEqual(0.1 * joins);
      // Audio stays with its video across the joins: it ends where the video ends (one AAC frame).
      expect(Math.abs(durations.audio! - durations.video)).toBeLessThan(0.07);
    }
    expect(readdirSync(s.segments)).toEqual(['notes.txt']);
  });

  it('does nothing when run again right after a merge', async () => {
    const s = setup();
    await makeSegments(s.segments, { start: minuteAgo(10), seconds: 60 });
    expect((await merge(s)).exitCode).toBe(0);
    const stamp = mp4Files(s.merged).map((f) => `${f}:${statSync(f).mtimeMs}`);
    const again = await merge(s);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^cam1: nothing to merge, [\d.]+ s$/m);
    expect(mp4Files(s.merged).map((f) => `${f}:${statSync(f).mtimeMs}`)).toEqual(stamp);
  });

  it('leaves segments of minutes younger than merge_delay alone, and says how many wait and when the oldest is due', async () => {
    const s = setup();
    writeConfig(path.dirname(s.config), [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 3600 });
    const start = minuteAgo(10);
    const names = await makeSegments(s.segments, { start, seconds: 30 });
    const due = segmentStem(new Date(start.getTime() + 60_000 + 3600_000)).slice(9).replace(/^(\d\d)(\d\d)(\d\d)$/, '$1:$2:$3');
    const waiting = `${names.length} segments wait for merge_delay \\(3600 s\\); the oldest is due at (\\d{4}-\\d\\d-\\d\\d )?${due}`;
    expect((await merge(s, '--dry-run')).stdout).toMatch(new RegExp(`^ {2}${waiting}$`, 'm'));
    const result = await merge(s);
    expect(result.stdout).toMatch(new RegExp(`^cam1: nothing to merge, [\\d.]+ s; ${waiting}$`, 'm'));
    expect(mp4Files(s.merged)).toEqual([]);
    expect(mp4Files(s.segments).length).toBeGreaterThan(10);
  });

  it('moves a truncated segment and a file of random bytes to quarantine, saying what each is, and merges the rest of the minute around the gap', async () => {
    const s = setup();
    const names = await makeSegments(s.segments, { start: minuteAgo(10), seconds: 60 });
    const bad = names[10]!;
    truncateSync(path.join(s.segments, bad), Math.floor(statSync(path.join(s.segments, bad)).size / 2));
    const garbage = `${segmentStem(minuteAgo(12))}.mp4`;
    writeFileSync(path.join(s.segments, garbage), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
    const result = await merge(s);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`WARN  cam1: segment ${bad} is cut off: box "mdat" at byte [1-9]\\d* runs past the end of the file: moved to .*quarantine`));
    expect(result.stderr).toMatch(new RegExp(`WARN  cam1: segment ${garbage} is not an MP4 file \\(no MP4 box at byte 0\\): moved to .*quarantine`));
    expect(readdirSync(path.join(s.cam, 'quarantine')).sort()).toEqual([garbage, bad].sort());
    const merged = mp4Files(s.merged);
    expect(merged.map((f) => path.basename(f))).toEqual([`${bad.slice(0, 13)}.mp4`, `${bad.slice(0, 13)}_1.mp4`]);
    for (const file of merged) expect(await decodeErrors(file)).toBe('');
    expect(mp4Files(s.segments)).toEqual([]);
  });

  it('with --verify decode, a segment whose pictures are corrupt fails its minute once, goes to quarantine, and the next run merges the rest', async () => {
    const s = setup();
    const names = await makeSegments(s.segments, { start: minuteAgo(10), seconds: 20 });
    const bad = path.join(s.segments, names[4]!);
    const bytes = readFileSync(bad);
    let x = 12345; // garbage from a fixed pseudo-random sequence, inside the media data
    for (let i = Math.floor(bytes.length * 0.3); i < Math.floor(bytes.length * 0.3) + 2000; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(bad, bytes);
    const first = await merge(s, '--verify', 'decode');
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toMatch(/ERROR cam1: merging \d{8}_\d{4}\.mp4 failed: does not decode cleanly/);
    expect(readdirSync(path.join(s.cam, 'quarantine'))).toEqual([names[4]]);
    const second = await merge(s, '--verify', 'decode');
    expect(second.exitCode).toBe(0);
    expect(mp4Files(s.segments)).toEqual([]);
    for (const file of mp4Files(s.merged)) expect(await decodeErrors(file)).toBe('');
  });

  it('never joins two resolutions: a change within a minute gives two files that each decode', async () => {
    const s = setup();
    const start = minuteAgo(10);
    await makeSegments(s.segments, { start, seconds: 30, size: '320x240' });
    await makeSegments(s.segments, { start: new Date(start.getTime() + 30_000), seconds: 30, size: '640x360' });
    const result = await merge(s);
    expect(result.exitCode).toBe(0);
    const merged = mp4Files(s.merged);
    expect(merged).toHaveLength(2);
    const widths = [];
    for (const file of merged) {
      expect(await decodeErrors(file)).toBe('');
      widths.push((await streamDurations(file)).width);
    }
    expect(widths).toEqual([320, 640]);
  });

  it('joins a late segment with its minute\'s merged file into one file that replaces it', async () => {
    const s = setup();
    const names = await makeSegments(s.segments, { start: minuteAgo(10), seconds: 60 });
    const late = names.at(-1)!;
    const aside = path.join(tempDir(), late);
    const sum = (await videoByMinute(mp4Files(s.segments))).get(late.slice(0, 13))!;
    renameSync(path.join(s.segments, late), aside);
    expect((await merge(s)).exitCode).toBe(0);
    renameSync(aside, path.join(s.segments, late));
    const result = await merge(s);
    expect(result.stdout).toMatch(/^cam1: merged 1 minute from 1 segment,/m);
    const merged = mp4Files(s.merged);
    expect(merged.map((f) => path.basename(f))).toEqual([`${late.slice(0, 13)}.mp4`]);
    expect(await decodeErrors(merged[0]!)).toBe('');
    expect(Math.abs((await streamDurations(merged[0]!)).video - sum.seconds)).toBeLessThanOrEqual(0.1 * (sum.files - 1));
    expect(mp4Files(s.segments)).toEqual([]);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const s = setup();
    await makeSegments(s.segments, { start: minuteAgo(10), seconds: 60 });
    const before = readdirSync(s.segments).sort();
    const result = await merge(s, '--dry-run');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^cam1: would merge 1 minute file from \d+ segments\n  write merged\/\d{8}_\d{4}\.mp4 \(/);
    expect(readdirSync(s.segments).sort()).toEqual(before);
    expect(readdirSync(s.cam).sort()).toEqual(['segments']);
  });
});

integrationDescribe('audio and video timing across joins', ['ffmpeg', 'ffprobe'], () => {
  it('a merged minute has the timestamps of the continuous stream its segments were cut from, so no join adds drift', async () => {
    const s = setup();
    const whole = path.join(path.dirname(s.config), 'whole.mp4');
    await makeSegments(s.segments, { start: minuteAgo(10), seconds: 59.9, whole });
    expect((await merge(s)).exitCode).toBe(0);
    const [merged] = mp4Files(s.merged);
    const [got, want] = [await packetTimes(merged!), await packetTimes(whole)];
    for (const type of ['video', 'audio']) {
      expect(got[type]!.length).toBe(want[type]!.length);
      const worst = Math.max(...got[type]!.map((t, i) => Math.abs(t - want[type]![i]!)));
      expect(worst, `${type}: largest difference from the continuous stream`).toBeLessThan(0.001);
    }
  });
});
