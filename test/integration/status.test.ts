import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCamera } from '../support/camera.js';
import { CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { sleep, waitUntil } from '../support/media.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { leakedCanaries, SECRET_ENV, writeNotifyConfig } from '../support/notify-config.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

interface CameraJson {
  name: string;
  recording: boolean;
  recorder_state: string;
  last_segment_age_s: number | null;
  coverage_today: number;
  gaps_today: number;
  bytes: number;
  unit: unknown;
}

async function status(config: string): Promise<{ exitCode: number; text: string; camera: CameraJson; outputs: string[] }> {
  const table = await runCli(['status', '-c', config]); // without the camera's password in the environment
  const json = await runCli(['status', '--json', '-c', config]);
  expect(table.exitCode).toBe(json.exitCode);
  const doc = JSON.parse(json.stdout) as { cameras: CameraJson[] };
  return { exitCode: json.exitCode, text: table.stdout, camera: doc.cameras[0]!, outputs: [table.stdout, table.stderr, json.stdout, json.stderr] };
}

integrationDescribe('status against real recordings', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('reports recording (exit 0), then camera down (exit 3), then stopped (exit 3), never showing a secret', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeNotifyConfig(dir, { cameraUrl: camera.url, apiUrl: 'http://127.0.0.1:9', lostGrace: 30, minInterval: 60 });
    const recorder = new CliProcess(['record', 'cam1', '-c', config, '-v'], SECRET_ENV);
    await recorder.waitFor(/: recording$/);
    await sleep(9000);
    const up = await status(config);
    expect(up.exitCode).toBe(0);
    expect(up.camera).toMatchObject({ name: 'cam1', recording: true, recorder_state: 'recording', unit: null });
    expect(up.camera.last_segment_age_s).toBeLessThanOrEqual(6);
    expect(up.camera.coverage_today).toBeGreaterThan(0);
    expect(up.camera.gaps_today).toBe(0); // one continuous recording: the hours before it are no footage, not a gap
    expect(up.camera.bytes).toBeGreaterThan(0);
    expect(up.text).toMatch(/^cam1 +- +recording +\d+ s ago +\d+\.\d% +\d+ +\d/m);

    await camera.stop();
    await recorder.waitFor(/reconnecting in/, 15_000);
    await sleep(6000);
    const down = await status(config);
    expect(down.exitCode).toBe(3);
    expect(down.camera).toMatchObject({ recording: false, recorder_state: 'reconnecting' });
    expect(down.camera.last_segment_age_s).toBeGreaterThanOrEqual(5);

    expect((await recorder.stop()).code).toBe(0);
    const stopped = await status(config);
    expect(stopped.exitCode).toBe(3);
    expect(stopped.camera.recorder_state).toBe('stopped');
    const state = readFileSync(path.join(dir, 'cam1', '.recorder-state.json'), 'utf8');
    expect(JSON.parse(state)).toMatchObject({ camera: 'cam1', state: 'stopped' });
    const check = await runCli(['check', '-c', config], SECRET_ENV);
    expect(leakedCanaries(dir, [...up.outputs, ...down.outputs, ...stopped.outputs, recorder.lines.join('\n'), check.stdout, check.stderr])).toEqual([]);
  });

  it('a recorder killed with SIGKILL shows as "not running" once its state file is stale, and the next recorder reports the unclean end', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeNotifyConfig(dir, { cameraUrl: camera.url, apiUrl: 'http://127.0.0.1:9', lostGrace: 30, minInterval: 60 });
    const first = new CliProcess(['record', 'cam1', '-c', config], SECRET_ENV);
    await first.waitFor(/: recording$/);
    // The state file is written just after that line: kill once it says so, as a crash later would.
    const stateFile = path.join(dir, 'cam1', '.recorder-state.json');
    const recordingState = () => existsSync(stateFile) && (JSON.parse(readFileSync(stateFile, 'utf8')) as { state: string }).state === 'recording';
    expect(await waitUntil(recordingState, 10_000)).toBe(true);
    const ffmpegPid = Number(readFileSync(`/proc/${first.child.pid}/task/${first.child.pid}/children`, 'utf8').trim().split(' ')[0]);
    process.kill(ffmpegPid, 'SIGKILL'); // as systemd's KillMode=control-group would
    first.signal('SIGKILL');
    await first.exited;
    await sleep(16_000);
    const dead = await status(config);
    expect(dead.exitCode).toBe(3);
    expect(dead.camera.recorder_state).toBe('not running');
    const second = new CliProcess(['record', 'cam1', '-c', config], SECRET_ENV);
    await second.waitFor(/recorder restarted after an unclean end \(systemd watchdog or crash\); it was recording/);
    await second.stop();
  });
});

integrationDescribe('status with offsite: set', ['ffmpeg', 'ffprobe'], () => {
  it('shows how far behind the off-site copy is and what is left to send, from the off-site state, which it never writes', async () => {
    const dir = tempDir('cams-status-offsite-');
    const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:1/none', dir: 'cam1' }], { merge_delay: 0 });
    const cam = path.join(dir, 'cam1');
    for (const ago of [30, 20, 10]) await makeSegments(path.join(cam, 'segments'), { start: minuteAgo(ago), seconds: 6 });
    expect((await runCli(['merge', '-c', config])).exitCode).toBe(0);
    const merged = readdirSync(path.join(cam, 'merged')).sort();
    expect(merged).toHaveLength(3);
    // The oldest minute and the newest are off-site; the middle one is not.
    mkdirSync(path.join(cam, '.offsite'));
    const state = path.join(cam, '.offsite', 'state.jsonl');
    const put = (name: string) => JSON.stringify({ op: 'put', path: `cam1/merged/${name}`, size: statSync(path.join(cam, 'merged', name)).size, start: 0, end: 1, at: 1 }) + '\n';
    writeFileSync(state, put(merged[0]!) + put(merged[2]!));
    const before = { text: readFileSync(state, 'utf8'), mtime: statSync(state).mtimeMs };
    appendFileSync(config, 'offsite: {remote: "nas:cams", max_lag: 5m}\n');
    const json = await runCli(['status', '--json', '-c', config]);
    const offsite = (JSON.parse(json.stdout) as { cameras: Array<{ offsite: Record<string, unknown> }> }).cameras[0]!.offsite;
    expect(offsite).toMatchObject({ pending_files: 1, pending_bytes: statSync(path.join(cam, 'merged', merged[1]!)).size, max_lag_s: 300, error: null });
    expect(offsite.lag_s as number).toBeGreaterThanOrEqual(19 * 60);
    expect(offsite.lag_s as number).toBeLessThan(22 * 60);
    const table = await runCli(['status', '-c', config]);
    expect(table.stdout).toMatch(/^cam1 .* (19|20|21) min( \d+ s)? behind, [\d.]+ KiB to send$/m);
    expect(table.stdout).toMatch(/^cam1: the off-site copy is (19|20|21) min( \d+ s)? behind, more than offsite\.max_lag \(5 min\)$/m);
    expect({ text: readFileSync(state, 'utf8'), mtime: statSync(state).mtimeMs }).toEqual(before);
    expect(readdirSync(path.join(cam, '.offsite'))).toEqual(['state.jsonl']);
  });
});
