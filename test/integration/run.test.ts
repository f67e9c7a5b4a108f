// `cams-manager run` against the simulator: one supervisor, three cameras, the faults the issue
// names (a recorder SIGKILLed, one frozen with SIGSTOP until the supervisor's watchdog kills it),
// merges on schedule, SIGHUP with a camera added and one removed, SIGTERM; and `health` against
// a running and a stopped recorder. The tests of the shared run follow each other.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCamera, stopAllCameras, type Camera } from '../support/camera.js';
import { CLI, CliProcess, runCli, stopAllCli, tempDir, writeConfig, type CameraEntry } from '../support/cli.js';
import { decodeErrors, mp4Files, sleep, waitUntil } from '../support/media.js';
import { RECORDER_NODE_FLAGS } from '../../src/recorder/process-env.js';
import { descendants } from '../support/processes.js';
import { integrationDescribe } from '../support/tools.js';

const RECONNECT_DELAY = 3;
const RECORDING = { reconnect_delay: RECONNECT_DELAY, merge_interval: 5, merge_delay: 0, segment_duration: 2 };

let cameras: Camera[] = [];
let dir = '';
let config = '';
let run: CliProcess;
const entry = (i: number): CameraEntry => ({ name: `cam${i + 1}`, url: cameras[i]!.url, dir: path.join(dir, `cam${i + 1}`) });

// The recorder of a camera: a descendant of `run` whose command line is the units' one.
function recorderPid(name: string): number | undefined {
  for (const pid of descendants(run.child.pid!)) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf(CLI);
      if (at > 0 && argv[at + 1] === 'record' && argv[at + 2] === name) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

// Resolves with the ms from `since` to the next line `cam: recording…` printed after line `from`.
async function recordingAgain(name: string, from: number, since: number, timeoutMs: number): Promise<number> {
  await run.waitFor(new RegExp(`INFO  ${name}: recording( again|$)`), timeoutMs, from);
  return Date.now() - since;
}

beforeAll(async () => {
  cameras = await Promise.all([0, 1, 2, 3].map(() => startCamera({ width: 640, height: 360, fps: 15 })));
  dir = tempDir('cams-run-');
  config = writeConfig(dir, [0, 1, 2].map(entry), RECORDING);
  run = new CliProcess(['run', '-c', config]);
});

afterAll(async () => {
  await stopAllCli();
  await stopAllCameras();
});

integrationDescribe('cams-manager run', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('records every camera, each with the command line the units run, and health says so', async () => {
    for (const name of ['cam1', 'cam2', 'cam3']) await run.waitFor(new RegExp(`INFO  ${name}: recording$`), 30_000);
    for (const name of ['cam1', 'cam2', 'cam3']) expect(cmdline(recorderPid(name)!).slice(1)).toEqual([...RECORDER_NODE_FLAGS, CLI, 'record', name, '-c', config]);
    expect(run.lines.some((l) => /running 3 recorder\(s\): cam1, cam2, cam3; merge every 5 s, clean hourly/.test(l))).toBe(true);
    const health = await waitUntil(async () => {
      const r = await runCli(['health', '-c', config]);
      return r.exitCode === 0 ? r : undefined;
    }, 15_000);
    expect(health?.stdout.trim()).toBe('cam1: recording; cam2: recording; cam3: recording');
    expect((await runCli(['health', 'cam2', '-c', config])).exitCode).toBe(0);
    // status reads the same state files as under systemd
    const status = await runCli(['status', '--json', '-c', config]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { cameras: Array<{ recorder_state: string }> }).cameras.map((c) => c.recorder_state)).toEqual(['recording', 'recording', 'recording']);
  });

  it(`a recorder killed with SIGKILL is restarted and records again within reconnect_delay + 3 s`, async () => {
    const pid = recorderPid('cam1')!;
    const ffmpeg = descendants(pid);
    const from = run.lines.length;
    const t = Date.now();
    process.kill(pid, 'SIGKILL');
    const ms = await recordingAgain('cam1', from, t, 30_000);
    expect(run.lines.slice(from).some((l) => /cam1: the recorder was ended by SIGKILL; restarting it now/.test(l))).toBe(true);
    expect(ms).toBeLessThan((RECONNECT_DELAY + 3) * 1000);
    expect(recorderPid('cam1')).not.toBe(pid);
    for (const p of ffmpeg) expect(() => process.kill(p, 0)).toThrow(); // its FFmpeg went with it
  });

  it('a recorder frozen with SIGSTOP is killed by the supervisor\'s watchdog, FFmpeg with it, and records again', async () => {
    const pid = recorderPid('cam2')!;
    const ffmpeg = descendants(pid);
    const from = run.lines.length;
    process.kill(pid, 'SIGSTOP');
    const line = await run.waitFor(/cam2: no watchdog ping for \d+ s: killing the recorder and its FFmpeg \(SIGKILL\)/, 60_000, from);
    const t = Date.now();
    expect(line).toMatch(/ERROR cam2:/);
    await recordingAgain('cam2', from, t, 30_000);
    for (const p of [pid, ...ffmpeg]) expect(() => process.kill(p, 0)).toThrow();
  }, 90_000);

  it('merges on schedule, every merge_interval, as the timer does', async () => {
    const started = () => JSON.parse(readFileSync(path.join(dir, 'cam3', '.merge-run.json'), 'utf8')).started_at as string;
    const first = await waitUntil(() => {
      try {
        return started();
      } catch {
        return undefined;
      }
    }, 20_000);
    const next = await waitUntil(() => (started() !== first ? started() : undefined), 20_000);
    const gap = (Date.parse(next!) - Date.parse(first!)) / 1000;
    expect(gap).toBeGreaterThanOrEqual(5);
    expect(gap).toBeLessThan(15);
  });

  it('SIGHUP reads the config again: a new camera starts, a removed one stops, the others keep recording', async () => {
    const keep = recorderPid('cam1')!;
    const removed = recorderPid('cam3')!;
    writeConfig(dir, [0, 1, 3].map(entry), RECORDING);
    const from = run.lines.length;
    run.signal('SIGHUP');
    await run.waitFor(/config read again: 1 started, 1 stopped, 0 restarted, 2 unchanged/, 30_000, from);
    await run.waitFor(/INFO  cam4: recording$/, 30_000, from);
    expect(recorderPid('cam1')).toBe(keep);
    expect(recorderPid('cam3')).toBeUndefined();
    expect(() => process.kill(removed, 0)).toThrow();
    expect(run.lines.slice(from).some((l) => /cam3: recorder stopped/.test(l))).toBe(true);
    // An invalid config on SIGHUP is said, and changes nothing.
    writeFileSync(config, 'cameras: [\n');
    const bad = run.lines.length;
    run.signal('SIGHUP');
    await run.waitFor(/the config is not valid: the recorders keep the one they have/, 30_000, bad);
    expect(recorderPid('cam1')).toBe(keep);
    writeConfig(dir, [0, 1, 3].map(entry), RECORDING);
  });

  it('SIGTERM stops every child gracefully: exit 0, every file playable, no process left; health then says why not', async () => {
    const children = descendants(run.child.pid!);
    expect(children.length).toBeGreaterThanOrEqual(6); // three recorders and their FFmpeg
    const result = await run.stop(30_000);
    expect(result).toEqual({ code: 0, signal: null });
    for (const pid of children) expect(() => process.kill(pid, 0), String(pid)).toThrow();
    for (const name of ['cam1', 'cam2', 'cam3', 'cam4']) {
      const files = [...mp4Files(path.join(dir, name, 'segments')), ...mp4Files(path.join(dir, name, 'merged'))];
      expect(files.length, name).toBeGreaterThan(0);
      for (const file of files) expect(await decodeErrors(file), file).toBe('');
    }
    const health = await runCli(['health', 'cam1', '-c', config]);
    expect(health.exitCode).toBe(3);
    expect(health.stdout).toMatch(/^cam1: the recorder stopped \d+ s ago$/);
  }, 90_000);

  it('run killed outright (SIGKILL) leaves no recorder behind: each is told by the kernel (pdeathsig) and finalises its segment', async () => {
    const alone = new CliProcess(['run', '--camera', 'cam4', '-c', config]);
    await alone.waitFor(/INFO  cam4: recording$/, 30_000);
    await alone.waitFor(/INFO  (cam\d: nothing to delete|.*deleted)/, 30_000); // the clean at start ran, for the config
    expect(alone.lines.filter((l) => /error|unknown option/i.test(l))).toEqual([]);
    const left = descendants(alone.child.pid!);
    expect(left.length).toBeGreaterThanOrEqual(2);
    alone.signal('SIGKILL');
    await alone.exited;
    const gone = await waitUntil(() => left.every((pid) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }), 15_000);
    expect(gone).toBe(true);
    for (const file of mp4Files(path.join(dir, 'cam4', 'segments')).slice(-2)) expect(await decodeErrors(file), file).toBe('');
  });

  it('a bad config, or a camera it does not have, exits 78 at once with the config\'s one-line error', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'cameras:\n  - name: cam1\n    rtsp_url: http://example.com/x\n');
    const t = Date.now();
    const r = await runCli(['run', '-c', bad]);
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toMatch(/^cams-manager: config ".*bad.yaml" is invalid\n {2}.*rtsp_url/);
    expect(Date.now() - t).toBeLessThan(5000);
    const unknown = await runCli(['run', '--camera', 'nosuch', '-c', config]);
    expect(unknown.exitCode).toBe(78);
    expect(unknown.stderr).toBe(`cams-manager: camera "nosuch" is not in config "${config}"\n  cameras there: cam1, cam2, cam4`);
    const none = await runCli(['health', 'nosuch', '-c', config]);
    expect(none.exitCode).toBe(78);
  });
});
