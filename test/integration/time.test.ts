// True time, with real FFmpeg and the simulator: the recorder runs under a faked wall clock
// (libfaketime; the simulator keeps the real one) through DST both ways in two zones, clock
// steps, and a boot before NTP; one recorder on the real clock checks the times frame by frame.
// All scenarios record at once from one simulated camera (the recordings share its stream), in
// beforeAll; each test then checks its own.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCamera, type Camera } from '../support/camera.js';
import { CliProcess, ROOT, runCli, tempDir, writeConfig, type CliResult } from '../support/cli.js';
import { decodeErrors, mp4Files, probeFile, sleep } from '../support/media.js';
import { stopAllCameras } from '../support/camera.js';
import { stopAllCli } from '../support/cli.js';
import { integrationDescribe } from '../support/tools.js';
import { checkFrameTimes, fakeClock, offsetTo, readFrameLog, type FakeClock, type FrameLog } from '../support/time.js';
import { withTimeZone } from '../support/time-zone.js';
import { minuteStamp, parseMergedName } from '../../src/recorder/naming.js';
import { inspectMp4 } from '../../src/mp4/inspect.js';

const FRAME_MS = 1000 / 15; // the simulator's default 15 fps
const ACCURACY_MS = 200;

interface Recorded {
  camDir: string;
  lines: string[]; // the recorders' log lines
  merge: CliResult;
  status: unknown;
  tz: string;
  offsets: number[]; // fake − real, ms, as the scenario set them
}

interface Merged {
  name: string;
  start: number; // from .footage/
  end: number;
  sources: string[]; // segment names inside
}

let camera: Camera;
let frameLog: string;
let root: string;
const scenarios = new Map<string, Promise<Recorded>>();
let heldFootage: CliResult | undefined; // `footage` while the boot-before-NTP recorder holds its footage back

// One recorder session: start it (under `clock`), wait until it records, run `during`, stop it.
async function session(config: string, env: Record<string, string>, lines: string[], during: () => Promise<void>): Promise<void> {
  const recorder = new CliProcess(['record', 'cam', '-c', config], env);
  try {
    await recorder.waitFor(/: recording$/, 30_000);
    await during();
  } finally {
    await recorder.stop();
    lines.push(...recorder.lines);
  }
}

// A scenario's folder, config and faked clock; `run` records; then the merge and status run under the same clock.
function scenario(name: string, tz: string, firstOffset: number, run: (s: { config: string; clock: FakeClock; lines: string[]; offsets: number[] }) => Promise<void>, synced: 'yes' | 'no' | { flag: string } = 'yes'): void {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const config = writeConfig(dir, [{ name: 'cam', url: camera.url }], { merge_delay: 0 });
  const clock = fakeClock(path.join(dir, 'clock'), { tz, offsetMs: firstOffset, synced: typeof synced === 'object' ? { flag: path.join(dir, synced.flag) } : synced });
  const lines: string[] = [];
  const offsets = [clock.offsetMs];
  scenarios.set(
    name,
    (async () => {
      await run({ config, clock, lines, offsets });
      const merge = await runCli(['-c', config, '--all', '-v'], clock.env, ROOT, 'cams-merge');
      const status = JSON.parse((await runCli(['status', '-c', config, '--json'], clock.env)).stdout) as unknown;
      return { camDir: path.join(dir, 'cam'), lines, merge, status, tz, offsets };
    })(),
  );
}

// The merged files of a camera with their footage-index times and manifests, in index order.
async function mergedFiles(camDir: string): Promise<Merged[]> {
  const index = new Map<string, { start: number; end: number }>();
  for (const f of readdirSync(path.join(camDir, '.footage')).filter((n) => /^\d{8}\.jsonl$/.test(n))) {
    for (const l of readFileSync(path.join(camDir, '.footage', f), 'utf8').trim().split('\n')) {
      const line = JSON.parse(l) as { name: string; start: number; end: number };
      index.set(line.name, line);
    }
  }
  const files: Merged[] = [];
  for (const file of mp4Files(path.join(camDir, 'merged'))) {
    const name = path.basename(file);
    const line = index.get(name);
    if (!line) throw new Error(`merged/${name} has no line in .footage/`);
    const sources = ((await inspectMp4(file)).manifest?.sources ?? []).map((s) => s.slice(0, s.lastIndexOf(':')));
    files.push({ name, start: line.start, end: line.end, sources });
  }
  return files.sort((a, b) => a.start - b.start);
}

// The recorder's segment times (.footage/*.segments.jsonl): name → run.
function segmentRuns(camDir: string): Map<string, string> {
  const runs = new Map<string, string>();
  for (const f of readdirSync(path.join(camDir, '.footage')).filter((n) => n.endsWith('.segments.jsonl'))) {
    for (const l of readFileSync(path.join(camDir, '.footage', f), 'utf8').trim().split('\n')) {
      const line = JSON.parse(l) as { name?: string; run?: string };
      if (line.name && line.run) runs.set(line.name, line.run);
    }
  }
  return runs;
}

// What every scenario must show: every segment in exactly one merged file, every file one run of
// footage, playable, named by the local minute of its first frame; names in true order; files
// of one run abutting to within a frame, never overlapping.
async function expectTrueFiles(r: Recorded): Promise<Merged[]> {
  expect(r.merge.exitCode, r.merge.stderr).toBe(0);
  expect(mp4Files(path.join(r.camDir, 'segments'))).toEqual([]);
  const files = await mergedFiles(r.camDir);
  const runs = segmentRuns(r.camDir);
  const sources = files.flatMap((f) => f.sources);
  expect(new Set(sources).size).toBe(sources.length); // each segment in one file only
  expect(new Set(sources)).toEqual(new Set(runs.keys())); // and every segment recorded is in one
  for (const f of files) {
    expect(new Set(f.sources.map((s) => runs.get(s))).size, `${f.name} mixes runs`).toBe(1);
    expect(await decodeErrors(path.join(r.camDir, 'merged', f.name)), f.name).toBe('');
    const duration = (await probeFile(path.join(r.camDir, 'merged', f.name))).duration;
    expect(Math.abs(f.end - f.start - duration * 1000), `${f.name}: index length against the file's`).toBeLessThan(FRAME_MS + 1);
    withTimeZone(r.tz, () => expect(parseMergedName(f.name)!.stem, `${f.name} starts at ${new Date(f.start).toISOString()}`).toBe(minuteStamp(f.start)));
  }
  const byName = withTimeZone(r.tz, () => [...files].sort((a, b) => parseMergedName(a.name)!.start.getTime() - parseMergedName(b.name)!.start.getTime() || parseMergedName(a.name)!.suffix - parseMergedName(b.name)!.suffix));
  expect(byName.map((f) => f.name)).toEqual(files.map((f) => f.name));
  for (const run of new Set(runs.values())) {
    const own = files.filter((f) => runs.get(f.sources[0]!) === run);
    for (let i = 1; i < own.length; i++) {
      expect(Math.abs(own[i]!.start - own[i - 1]!.end), `${own[i - 1]!.name} → ${own[i]!.name}`).toBeLessThan(FRAME_MS + 1);
    }
  }
  return files;
}

// The first and last frame of each file are stamped within ACCURACY_MS of their send time.
async function expectAccurate(r: Recorded, files: Merged[], offsetMs: number, log: FrameLog): Promise<number[]> {
  const errors: number[] = [];
  for (const f of files) {
    for (const check of await checkFrameTimes(path.join(r.camDir, 'merged', f.name), f.start, log, offsetMs, [0, -1])) {
      expect(Math.abs(check.errorMs), `${f.name} at ${check.pts} s`).toBeLessThanOrEqual(ACCURACY_MS);
      errors.push(check.errorMs);
    }
  }
  return errors;
}

integrationDescribe('true time through DST, clock steps and a boot before NTP', ['ffmpeg', 'ffprobe', 'camera-sim', 'faketime'], () => {
  beforeAll(async () => {
    root = tempDir('cams-time-');
    frameLog = path.join(root, 'frames.log');
    camera = await startCamera({ frameLog });
    // A fall-back: through the change into the repeated hour, then the first pass's times again an hour later.
    const fallBack = (name: string, tz: string, firstPass: string, secondPass: string) =>
      scenario(name, tz, offsetTo(Date.parse(firstPass)), async ({ config, clock, lines, offsets }) => {
        await session(config, clock.env, lines, () => sleep(24_000));
        clock.step(offsetTo(Date.parse(secondPass)));
        offsets.push(clock.offsetMs);
        await session(config, clock.env, lines, () => sleep(10_000));
      });
    const springForward = (name: string, tz: string, before: string) =>
      scenario(name, tz, offsetTo(Date.parse(before)), async ({ config, clock, lines }) => session(config, clock.env, lines, () => sleep(24_000)));
    fallBack('ny-fall', 'America/New_York', '2026-11-01T01:59:48-04:00', '2026-11-01T01:59:30-05:00');
    fallBack('berlin-fall', 'Europe/Berlin', '2026-10-25T02:59:48+02:00', '2026-10-25T02:59:30+01:00');
    springForward('ny-spring', 'America/New_York', '2026-03-08T01:59:48-05:00');
    springForward('berlin-spring', 'Europe/Berlin', '2026-03-29T01:59:48+01:00');
    scenario('steps', 'Europe/Berlin', 0, async ({ config, clock, lines, offsets }) =>
      session(config, clock.env, lines, async () => {
        await sleep(14_000);
        clock.step(-30_000);
        offsets.push(clock.offsetMs);
        await sleep(14_000);
        clock.step(3_570_000);
        offsets.push(clock.offsetMs);
        await sleep(14_000);
      }),
    );
    scenario(
      'boot-before-ntp',
      'Europe/Berlin',
      -7_200_000,
      async ({ config, clock, lines, offsets }) =>
        session(config, clock.env, lines, async () => {
          await sleep(20_000);
          heldFootage = await runCli(['footage', 'cam', '-c', config, '--from', '-1h'], clock.env);
          clock.step(0);
          writeFileSync(path.join(path.dirname(config), 'synced'), '');
          offsets.push(clock.offsetMs);
          await sleep(10_000);
        }),
      { flag: 'synced' },
    );
    scenario('real-clock', 'Europe/Berlin', 0, async ({ config, clock, lines }) => session(config, clock.env, lines, () => sleep(125_000)));
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(scenarios.values());
    await stopAllCli();
    await stopAllCameras();
  });

  it.each([
    ['ny-fall', '2026-11-01T01:59:48-04:00', ['20261101_0159-0400', '20261101_0100-0500', '20261101_0159-0500']],
    ['berlin-fall', '2026-10-25T02:59:48+02:00', ['20261025_0259+0200', '20261025_0200+0100', '20261025_0259+0100']],
  ])('a DST fall-back in %s: both passes of the repeated hour are kept apart, named with their UTC offsets, in true order', async (name, _start, minutes) => {
    const r = await scenarios.get(name)!;
    const files = await expectTrueFiles(r);
    expect(files.map((f) => f.name.slice(0, 18))).toEqual(minutes);
    const log = readFrameLog(frameLog);
    const errors = [
      ...(await expectAccurate(r, files.slice(0, 2), r.offsets[0]!, log)),
      ...(await expectAccurate(r, files.slice(2), r.offsets[1]!, log)),
    ];
    console.log(`${name}: ${files.length} files, frame time errors ${errors.join(', ')} ms`);
  }, 600_000);

  it.each([
    ['ny-spring', ['20260308_0159', '20260308_0300']],
    ['berlin-spring', ['20260329_0159', '20260329_0300']],
  ])('a DST spring-forward in %s: footage runs on across the skipped hour without a gap', async (name, minutes) => {
    const r = await scenarios.get(name)!;
    const files = await expectTrueFiles(r);
    expect(files.map((f) => f.name.slice(0, 13))).toEqual(minutes);
    expect(files[1]!.start - files[0]!.end).toBeLessThan(FRAME_MS + 1);
    await expectAccurate(r, files, r.offsets[0]!, readFrameLog(frameLog));
  }, 600_000);

  it('a clock stepped back 30 s and forward 1 h: said once each, never joined across, every file true to the clock it was named by', async () => {
    const r = await scenarios.get('steps')!;
    const files = await expectTrueFiles(r);
    expect(r.lines.filter((l) => /the clock stepped by -30\.0 s/.test(l))).toHaveLength(1);
    expect(r.lines.filter((l) => /the clock stepped by \+3600\.0 s/.test(l))).toHaveLength(1);
    expect(r.merge.stderr + r.merge.stdout).toMatch(/the clock was stepped by \+3600\.0 s/);
    const cam = (r.status as { cameras: Array<{ clock_step: { seconds: number } | null }> }).cameras[0]!;
    expect(cam.clock_step?.seconds).toBe(3600);
    const runs = segmentRuns(r.camDir);
    expect(new Set(runs.values()).size).toBe(3);
    // The last run is named by the clock after the last step, to within the accuracy.
    const lastRun = [...runs.values()].at(-1);
    await expectAccurate(r, files.filter((f) => runs.get(f.sources[0]!) === lastRun), r.offsets[2]!, readFrameLog(frameLog));
  }, 600_000);

  it('a boot before NTP: the footage recorded while the clock was 2 h behind carries its true time once the clock is corrected', async () => {
    const r = await scenarios.get('boot-before-ntp')!;
    const files = await expectTrueFiles(r);
    const text = r.lines.join('\n');
    expect(text).toMatch(/the clock is not synchronised yet/);
    expect(text).toMatch(/the clock stepped by \+7200\.0 s/);
    expect(text).toMatch(/the clock is synchronised now: naming the footage kept back by its true times/);
    expect(files.length).toBeGreaterThan(0);
    // Meanwhile `footage` left the footage held back out, and said so in one line.
    expect(heldFootage?.stdout).toMatch(/^ {2}\d+ files? still being recorded \(.+\) (is|are) left out: (its|their) time is not known yet \(the clock is not synchronised, or the recorder has only just started\)$/m);
    const errors = await expectAccurate(r, files, r.offsets[1]!, readFrameLog(frameLog));
    console.log(`boot-before-ntp: frame time errors ${errors.join(', ')} ms`);
  }, 600_000);

  it('on the real clock: every frame is timed within 0.2 s of when the camera sent it, the first after a connect too, and minute files abut without overlap', async () => {
    const r = await scenarios.get('real-clock')!;
    const files = await expectTrueFiles(r);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const errors = await expectAccurate(r, files, 0, readFrameLog(frameLog));
    const span = files.at(-1)!.end - files[0]!.start;
    const sum = files.reduce((s, f) => s + f.end - f.start, 0);
    expect(Math.abs(span - sum)).toBeLessThanOrEqual(FRAME_MS * files.length);
    const sorted = [...errors].sort((a, b) => a - b);
    console.log(`real clock: ${files.length} files, ${(sum / 1000).toFixed(3)} s of footage over ${(span / 1000).toFixed(3)} s; frame time errors median ${sorted[sorted.length >> 1]} ms, range ${sorted[0]}..${sorted.at(-1)} ms`);
  }, 600_000);
});

