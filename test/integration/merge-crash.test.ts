import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliProcess, runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, mp4Files, sleep } from '../support/media.js';
import { makeSegments, minuteAgo, streamDurations } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

afterAll(stopAllCli);

const MINUTES = 3;

// A camera folder with a backlog, copied for every run, and what each of its minutes lasts.
interface Backlog {
  pristine: string;
  original: Map<string, { seconds: number; segments: number }>;
}

async function makeBacklog(layout: 'fragmented' | 'regular'): Promise<Backlog> {
  const pristine = path.join(tempDir('cams-backlog-'), 'cam1');
  const original: Backlog['original'] = new Map();
  const names = await makeSegments(path.join(pristine, 'segments'), { start: minuteAgo(20), seconds: MINUTES * 60, layout });
  for (const name of names) {
    const minute = name.slice(0, 13);
    const entry = original.get(minute) ?? { seconds: 0, segments: 0 };
    entry.seconds += (await streamDurations(path.join(pristine, 'segments', name))).video;
    entry.segments++;
    original.set(minute, entry);
  }
  return { pristine, original };
}

// A fresh copy of the backlog with its config.
function freshCopy(backlog: Backlog): { config: string; cam: string } {
  const dir = tempDir('cams-crash-');
  cpSync(backlog.pristine, path.join(dir, 'cam1'), { recursive: true });
  return { config: writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:8554/none', dir: 'cam1' }], { merge_delay: 0 }), cam: path.join(dir, 'cam1') };
}

const mergeArgs = (config: string) => ['merge', '-c', config];

// Every second of the backlog is in merged/ exactly once: one file per minute, lasting what the
// minute's segments lasted; nothing left in segments/, no temporary file, no lock; all decode.
async function expectMergedExactlyOnce(cam: string, { original }: Backlog): Promise<void> {
  expect(mp4Files(path.join(cam, 'segments'))).toEqual([]);
  expect(readdirSync(path.join(cam, 'merged')).filter((n) => n.startsWith('.'))).toEqual([]);
  expect(readdirSync(cam)).not.toContain('.merge.lock'); // the lock is a symlink: existsSync would follow it
  const files = mp4Files(path.join(cam, 'merged'));
  expect(files.map((f) => path.basename(f, '.mp4'))).toEqual([...original.keys()]);
  let total = 0;
  for (const file of files) {
    const minute = original.get(path.basename(file, '.mp4'))!;
    const video = (await streamDurations(file)).video;
    expect(Math.abs(video - minute.seconds)).toBeLessThanOrEqual(0.1 * (minute.segments - 1));
    expect(await decodeErrors(file)).toBe('');
    total += video;
  }
  const expected = [...original.values()].reduce((sum, m) => sum + m.seconds, 0);
  expect(Math.abs(total - expected)).toBeLessThan(0.5);
}

function leftBehind(cam: string): string {
  const merged = existsSync(path.join(cam, 'merged')) ? readdirSync(path.join(cam, 'merged')) : [];
  return `segments ${mp4Files(path.join(cam, 'segments')).length}, merged ${merged.filter((n) => !n.startsWith('.')).length}, temporary ${merged.filter((n) => n.startsWith('.')).length}`;
}

// Kills a merge of the backlog at `kills` instants spread over a run; a rerun must finish the work.
async function killAndRerun(backlog: Backlog, kills: number): Promise<void> {
  const timed = freshCopy(backlog);
  const t0 = performance.now();
  expect((await runCli(mergeArgs(timed.config))).exitCode).toBe(0);
  const runMs = performance.now() - t0;
  const states = new Set<string>(); // what each kill left: segments, merged files, temporary files
  const killAt = async (i: number, when: string, wait: (cam: string, victim: CliProcess) => Promise<unknown>) => {
    const { config, cam } = freshCopy(backlog);
    const victim = new CliProcess(mergeArgs(config));
    await wait(cam, victim);
    victim.signal('SIGKILL');
    await victim.exited;
    states.add(leftBehind(cam));
    const rerun = await runCli(mergeArgs(config));
    expect(rerun.stderr, `kill ${i + 1} ${when}`).toBe('');
    expect(rerun.exitCode).toBe(0);
    await expectMergedExactlyOnce(cam, backlog);
  };
  for (let i = 0; i < kills; i++) {
    const ms = (runMs * (i + 0.5)) / kills;
    await killAt(i, `at ${Math.round(ms)} ms`, () => sleep(ms));
  }
  // On a loaded machine the instants spread over a timed run may all miss the middle of the work:
  // one more kill lands there for sure, as soon as the first minute file is in merged/.
  await killAt(kills, 'once the first minute was merged', (cam, victim) => firstMerged(cam, victim));
  // The kills landed before, during and after the work: some left a minute half done.
  expect(states.size).toBeGreaterThanOrEqual(3);
  expect([...states].some((state) => /^segments [1-9]\d*, merged [1-9]/.test(state)), [...states].join('; ')).toBe(true);
}

// Resolves once merged/ holds a minute file under its final name (looked at every 2 ms), or the
// merge has ended.
async function firstMerged(cam: string, victim: CliProcess): Promise<void> {
  let ended = false;
  void victim.exited.then(() => (ended = true));
  const merged = path.join(cam, 'merged');
  while (!ended && !(existsSync(merged) && readdirSync(merged).some((n) => !n.startsWith('.') && n.endsWith('.mp4')))) await sleep(2);
}

integrationDescribe('cams-merge under SIGKILL and concurrency', ['ffmpeg', 'ffprobe'], () => {
  let backlog: Backlog;
  beforeAll(async () => {
    backlog = await makeBacklog('fragmented');
  }, 300_000);

  it('killed with SIGKILL at 20 instants over a run, a rerun always ends with every second merged exactly once', async () => {
    await killAndRerun(backlog, 20);
  }, 600_000);

  it('two merges started at once: one works, the other waits its turn or exits 75 saying a merge is running', async () => {
    const { config, cam } = freshCopy(backlog);
    const args = [...mergeArgs(config), '--verify', 'decode']; // slower runs: more overlap
    const both = [new CliProcess(args), new CliProcess(args)];
    const exits = await Promise.all(both.map((p) => p.exited));
    expect(exits.map((e) => e.code).sort()).toSatisfy((codes: number[]) => codes[0] === 0 && (codes[1] === 0 || codes[1] === 75));
    for (const [i, p] of both.entries()) {
      if (exits[i]!.code === 75) expect(p.lines.join('\n')).toMatch(/WARN  cam1: skipped: a merge or clean of camera "cam1" is already running \(pid \d+/);
    }
    expect(both.flatMap((p) => p.lines).filter((l) => /^cam1: merged /.test(l))).toHaveLength(1);
    await expectMergedExactlyOnce(cam, backlog);
  });
});

integrationDescribe('cams-merge of the original tool\'s segments under SIGKILL', ['ffmpeg', 'ffprobe'], () => {
  it('killed with SIGKILL at 12 instants while it remuxes and joins regular MP4 segments, a rerun always ends with every second merged exactly once', async () => {
    await killAndRerun(await makeBacklog('regular'), 12);
  }, 900_000);
});
