// `cams-manager footage` over real recordings: merged minutes and segments not merged yet, a gap
// and a change of resolution, read back as runs and gaps by the footage catalogue.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../support/cli.js';
import { makeSegments } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';
import { formatInstant } from '../../src/time/local-time.js';

let config: string;
let t0: Date; // yesterday 10:00:00, local
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const local = (d: Date) => `${formatInstant(d.getTime()).slice(0, 16)}`; // "2026-11-29 10:00" as a user types it

integrationDescribe('footage: runs and gaps of what is on disk', ['ffmpeg', 'ffprobe'], () => {
  beforeAll(async () => {
    const dir = tempDir('cams-footage-');
    config = writeConfig(dir, [
      { name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' },
      { name: 'cam2', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam2' },
    ], { merge_delay: 0 });
    const now = new Date();
    t0 = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 10, 0, 0);
    const segments = path.join(dir, 'cam1', 'segments');
    // 10:00:00–10:01:30 and 10:01:40–10:02:10 merged; then 10:02:10–10:02:30 at another size, not merged.
    await makeSegments(segments, { start: at(0), seconds: 90, audio: false });
    await makeSegments(segments, { start: at(100), seconds: 30, audio: false });
    expect((await runCli(['merge', '-c', config, '--all'])).exitCode).toBe(0);
    await makeSegments(segments, { start: at(130), seconds: 20, size: '640x480', audio: false });
  }, 120_000);

  it('lists merged and unmerged footage as runs, a gap of 10 s, and a new run where the resolution changes', async () => {
    const r = await runCli(['footage', 'cam1', '-c', config, '--from', local(at(0)), '--to', local(at(300)), '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { runs: Array<{ start: string; end: string; format: string; files: Array<{ kind: string }> }>; gaps: Array<{ seconds: number }>; covered_seconds: number; coverage: number };
    const seconds = (iso: string) => (Date.parse(iso) - t0.getTime()) / 1000;
    expect(doc.runs.map((run) => [Math.round(seconds(run.start)), Math.round(seconds(run.end)), run.format])).toEqual([
      [0, 90, 'h264 320x240'],
      [100, 130, 'h264 320x240'],
      [130, 150, 'h264 640x480'],
    ]);
    expect(doc.runs.map((run) => [...new Set(run.files.map((f) => f.kind))])).toEqual([['merged'], ['merged'], ['segment']]);
    expect(doc.gaps.map((g) => Math.round(g.seconds))).toEqual([10]);
    expect(doc.covered_seconds).toBeCloseTo(140, 0);
    expect(doc.coverage).toBeCloseTo(140 / 300, 2);
  });

  it('prints the runs in local time with the UTC offset, and the gap between them', async () => {
    const r = await runCli(['footage', 'cam1', '-c', config, '--day', 'yesterday']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`cam1: ${formatInstant(t0.getTime() - 10 * 3_600_000)}`);
    expect(r.stdout).toContain(formatInstant(t0.getTime()));
    expect(r.stdout).toMatch(/gap of 10 s/);
    expect(r.stdout).toMatch(/h264 640x480/);
  });

  it('without a camera: one line per camera; a range with no footage at all exits 3', async () => {
    const r = await runCli(['footage', '-c', config, '--day', 'yesterday']);
    expect(r.stdout.trim().split('\n').map((l) => l.split(':')[0])).toEqual(['cam1', 'cam2']);
    expect(r.stdout).toMatch(/^cam2: .*: 0 s of footage \(0\.0 %\), 0 gaps, 0 B$/m);
    expect(r.exitCode).toBe(0);
    const none = await runCli(['footage', 'cam2', '-c', config, '--day', 'yesterday']);
    expect(none.exitCode).toBe(3);
    expect(none.stdout).toMatch(/no footage/);
  });

  it.each([
    [['--from', '14h32'], /^cams-manager: cannot read the time "14h32": use 2026-11-30 14:32/],
    [['--day', 'tomorrow'], /^cams-manager: cannot read the day "tomorrow"/],
    [['--from', '10:00', '--to', '09:00'], /^cams-manager: --to \(09:00\) is not after --from \(10:00\)/],
    [['--day', 'today', '--from', '10:00'], /^cams-manager: --day cannot be given with --from or --to/],
  ])('bad input %j is one line and exit 64', async (args, line) => {
    const r = await runCli(['footage', 'cam1', '-c', config, ...args]);
    expect(r.exitCode).toBe(64);
    expect(r.stderr.trim().split('\n')[0]).toMatch(line);
  });

  it('a camera not in the config is named with the cameras there, exit 78', async () => {
    const r = await runCli(['footage', 'cam9', '-c', config]);
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toMatch(/cam9/);
  });
});
