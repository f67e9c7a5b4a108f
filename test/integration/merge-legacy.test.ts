import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { readFootage } from '../../src/merge/footage-index.js';
import { runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, mp4Files, packetTimes } from '../support/media.js';
import { makeLegacyMerged, makeSegments, minuteAgo, streamDurations, videoByMinute } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

afterAll(stopAllCli);

// A camera whose output_dir is the original tool's: segments/ and merged/ of regular MP4 files.
function setup(recording: Record<string, number> = {}) {
  const dir = tempDir('cams-legacy-');
  const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0, ...recording });
  const cam = path.join(dir, 'cam1');
  return { dir, config, cam, segments: path.join(cam, 'segments'), merged: path.join(cam, 'merged') };
}

const sha1 = (file: string) => createHash('sha1').update(readFileSync(file)).digest('hex');

// Where each stream ends, in seconds: its start time plus its duration, by ffprobe.
async function streamEnds(file: string): Promise<{ video: number; audio: number }> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,start_time,duration', '-of', 'csv=p=0', file]);
  const ends = { video: NaN, audio: NaN };
  for (const line of String(r.stdout).trim().split('\n')) {
    const [type, start, duration] = line.split(',');
    if (type === 'video' || type === 'audio') ends[type] = Number(start) + Number(duration);
  }
  return ends;
}

integrationDescribe('cams-merge adopts the recordings of the original tool', ['ffmpeg', 'ffprobe'], () => {
  it('merges two minutes of the original tool\'s segments (B-frames, audio) by stream copy, keeps its merged minute, quarantines nothing, and status counts it all', async () => {
    const s = setup();
    const start = minuteAgo(10);
    const legacyMinute = await makeLegacyMerged(s.merged, { start, seconds: 60, bframes: true });
    const legacyHash = sha1(legacyMinute);
    await makeSegments(s.segments, { start: new Date(start.getTime() + 60_000), seconds: 120, layout: 'regular', bframes: true });
    const before = await videoByMinute(mp4Files(s.segments));
    expect(before.size).toBe(2);

    const result = await runCli(['merge', '-c', s.config, '--all']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^cam1: merged 2 minutes from \d+ segments, /m);
    expect(existsSync(path.join(s.cam, 'quarantine'))).toBe(false);
    expect(readdirSync(s.segments)).toEqual([]);
    expect(readdirSync(s.merged)).toEqual([path.basename(legacyMinute), ...[...before.keys()].map((m) => `${m}.mp4`)]);
    expect(sha1(legacyMinute)).toBe(legacyHash);
    for (const [minute, { seconds, files }] of before) {
      const file = path.join(s.merged, `${minute}.mp4`);
      expect(await decodeErrors(file)).toBe('');
      const durations = await streamDurations(file);
      expect(Math.abs(durations.video - seconds)).toBeLessThanOrEqual(0.1 * (files - 1));
      // Audio ends with its video (one AAC frame). With B-frames the video starts a few frames late
      // (no edit list in a fragmented file, the same in the recorder's own files): compare the ends.
      const ends = await streamEnds(file);
      expect(Math.abs(ends.audio - ends.video)).toBeLessThan(0.07);
    }

    // The original tool's minute is in the footage index from the minute of its name, for its length.
    const footage = readFootage(s.cam, path.basename(legacyMinute).slice(0, 8)).get(path.basename(legacyMinute))!;
    expect(footage.start).toBe(start.getTime());
    expect(Math.abs(footage.end - footage.start - (await streamDurations(legacyMinute)).video * 1000)).toBeLessThan(50);

    const status = await runCli(['status', '--json', '-c', s.config]);
    const camera = (JSON.parse(status.stdout) as { cameras: Array<{ bytes: number; bytes_estimated: boolean; oldest_recording: string }> }).cameras[0]!;
    expect(camera.bytes).toBe(mp4Files(s.merged).reduce((n, f) => n + statSync(f).size, 0));
    expect(camera.bytes_estimated).toBe(false);
    expect(camera.oldest_recording).toBe(start.toISOString());
  });

  it('joins a minute of the original tool\'s segments followed by ours into one file with the timestamps of the continuous stream', async () => {
    const s = setup();
    const start = minuteAgo(10);
    const whole = path.join(s.dir, 'whole.mp4');
    const ours = await makeSegments(path.join(s.dir, 'ours'), { start, seconds: 59.9, whole });
    const theirs = await makeSegments(path.join(s.dir, 'theirs'), { start, seconds: 59.9, source: whole, layout: 'regular' });
    expect(theirs).toEqual(ours);
    const half = Math.floor(ours.length / 2);
    mkdirSync(s.segments, { recursive: true });
    for (const [i, name] of ours.entries()) renameSync(path.join(s.dir, i < half ? 'theirs' : 'ours', name), path.join(s.segments, name));

    const result = await runCli(['merge', '-c', s.config]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^cam1: merged 1 minute from \d+ segments, /m);
    const merged = mp4Files(s.merged);
    expect(merged).toHaveLength(1);
    expect(await decodeErrors(merged[0]!)).toBe('');
    const [got, want] = [await packetTimes(merged[0]!), await packetTimes(whole)];
    for (const type of ['video', 'audio']) {
      expect(got[type]!.length).toBe(want[type]!.length);
      const worst = Math.max(...got[type]!.map((t, i) => Math.abs(t - want[type]![i]!)));
      // The original tool's segments place their audio by an edit list in milliseconds.
      expect(worst, `${type}: largest difference from the continuous stream`).toBeLessThan(0.0011);
    }
    expect(readdirSync(s.segments)).toEqual([]);
  });

  it('keeps the original tool\'s merged minute as it is when new segments of that minute come, and writes them beside it', async () => {
    const s = setup();
    const start = minuteAgo(10);
    const legacyMinute = await makeLegacyMerged(s.merged, { start, seconds: 30 });
    const legacyHash = sha1(legacyMinute);
    await makeSegments(s.segments, { start: new Date(start.getTime() + 40_000), seconds: 20 });
    const result = await runCli(['merge', '-c', s.config]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const stem = path.basename(legacyMinute, '.mp4');
    expect(readdirSync(s.merged)).toEqual([`${stem}.mp4`, `${stem}_1.mp4`]);
    expect(sha1(legacyMinute)).toBe(legacyHash);
    expect(await decodeErrors(path.join(s.merged, `${stem}_1.mp4`))).toBe('');
    expect(readdirSync(s.segments)).toEqual([]);
  });

  it('cams-clean deletes the original tool\'s merged minutes and segments past retention_days', async () => {
    const s = setup({ retention_days: 1 });
    const old = await makeLegacyMerged(s.merged, { start: minuteAgo(3 * 24 * 60), seconds: 4 });
    const oldSegments = await makeSegments(s.segments, { start: minuteAgo(3 * 24 * 60 - 5), seconds: 4, layout: 'regular' });
    const recent = await makeLegacyMerged(s.merged, { start: minuteAgo(10), seconds: 4 });
    const result = await runCli(['clean', '-c', s.config]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^cam1: deleted ${oldSegments.length + 1} recordings, `, 'm'));
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(s.segments)).toEqual([]);
    expect(mp4Files(s.merged)).toEqual([recent]);
  });
});
