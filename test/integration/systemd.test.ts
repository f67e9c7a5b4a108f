// The generated units under a real systemd (a user manager in namespaces), with the camera simulator.
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/net/free-port.js';
import { buildCatalogue } from '../../src/footage/catalogue.js';
import type { LastStart } from '../../src/recorder/start-backoff.js';
import { readFootageFiles } from '../../src/footage/read-files.js';
import { startCamera, stopAllCameras, type Camera } from '../support/camera.js';
import { CLI, ROOT, tempDir } from '../support/cli.js';
import { mp4Files, sleep, waitUntil } from '../support/media.js';
import { startSandbox, stopAllSandboxes, type Sandbox } from '../support/sandbox.js';
import { integrationDescribe } from '../support/tools.js';

const UNIT = 'cams-record@cam1.service';

// Whether the built CLI has a subcommand (merge and clean are written separately).
const hasCommand = (name: string) => execaSync(process.execPath, [CLI, name, '--help'], { reject: false }).exitCode === 0;

let sandbox: Sandbox;
let camera: Camera;
let dir: string;
let config: string;
let webPort: number;

// A config tuned for speed: 1 s socket timeout and 2 s stall timeout give WatchdogSec=20.
function configText(url: string): string {
  return [
    'cameras:',
    `  - {name: cam1, rtsp_url: "${url}", output_dir: ${path.join(dir, 'cam1')}, audio: none}`,
    'recording: {segment_duration: 2, reconnect_delay: 1, max_reconnect_delay: 2, stall_timeout: 2, merge_interval: 5, merge_delay: 0}',
    'ffmpeg: {timeout: 1000000}',
    `web: {listen: "127.0.0.1:${webPort}"}`, // install-units --enable starts cams-web.socket too: not on 8765, which may be taken
    '',
  ].join('\n');
}

// Segments written since `since` (salvaged ones keep their older times: they do not count).
const segmentsSince = (since: number) => mp4Files(path.join(dir, 'cam1', 'segments')).filter((f) => statSync(f).mtimeMs > since).length;
const show = (property: string) => sandbox.show(UNIT, property);
// What the recorder left in its RuntimeDirectory= about its last start (start-backoff.ts).
const lastStart = () => JSON.parse(readFileSync(path.join(sandbox.dir, 'run', 'cams-record', 'cam1', 'last-start.json'), 'utf8')) as LastStart;

// Resolves once at least `more` new segments have been written; fails after timeoutMs.
async function expectRecording(more = 2, timeoutMs = 30_000): Promise<void> {
  const since = Date.now();
  const grew = await waitUntil(() => segmentsSince(since) >= more, timeoutMs, 500);
  expect(grew, `${more} new segments within ${timeoutMs} ms; journal:\n${await sandbox.journal('-u', UNIT, '-n', '20')}`).toBe(true);
}

beforeAll(async () => {
  dir = tempDir('cams-systemd-');
  [sandbox, camera, webPort] = await Promise.all([startSandbox(), startCamera(), freePort()]);
  config = path.join(dir, 'config.yaml');
  writeFileSync(config, configText(camera.url));
});

afterAll(async () => {
  await stopAllSandboxes();
  await stopAllCameras();
});

integrationDescribe('the units under a real systemd', ['ffmpeg', 'camera-sim', 'systemd-sandbox'], () => {
  it('install-units --user --enable --now starts cams-record@cam1, and segments appear', async () => {
    const r = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '--enable', '--now', '-c', config, '--clean-calendar', '*:*:0/10']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('systemctl --user enable --now cams-record@cam1.service cams-merge.timer cams-clean.timer\n');
    expect(r.stdout).toContain('systemctl --user enable --now cams-web.socket\n');
    expect(await sandbox.show('cams-web.socket', 'ActiveState')).toBe('active');
    expect(await show('ActiveState')).toBe('active');
    expect(await sandbox.show('cams-merge.timer', 'ActiveState')).toBe('active');
    await expectRecording();
  });

  it('install-units run again changes nothing and restarts nothing', async () => {
    const pid = await show('MainPID');
    const r = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '--enable', '--now', '-c', config, '--clean-calendar', '*:*:0/10']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('are up to date');
    expect(await show('MainPID')).toBe(pid); // daemon-reload runs every time, and restarts nothing
  });

  it('a frozen camera is recorded again after it thaws, without a unit restart', async () => {
    const [pid, restarts] = [await show('MainPID'), await show('NRestarts')];
    camera.freeze();
    await sleep(10_000);
    camera.thaw();
    await expectRecording();
    expect([await show('MainPID'), await show('NRestarts')]).toEqual([pid, restarts]);
  });

  it('a frozen FFmpeg is replaced by the recorder, without a unit restart', async () => {
    const [pid, restarts] = [await show('MainPID'), await show('NRestarts')];
    const ffmpeg = (await sandbox.exec(['pgrep', '-P', pid, '-x', 'ffmpeg'])).stdout.trim();
    expect(ffmpeg).toMatch(/^\d+$/);
    await sandbox.exec(['kill', '-STOP', ffmpeg]);
    await expectRecording(2, 30_000);
    expect((await sandbox.exec(['pgrep', '-P', pid, '-x', 'ffmpeg'])).stdout.trim()).not.toBe(ffmpeg);
    expect([await show('MainPID'), await show('NRestarts')]).toEqual([pid, restarts]);
  });

  it('a frozen recorder is killed by the watchdog and the unit restarts and records again', async () => {
    const [pid, restarts] = [await show('MainPID'), Number(await show('NRestarts'))];
    expect(await show('WatchdogUSec')).toBe('20s');
    await sandbox.exec(['kill', '-STOP', pid]);
    // Result=watchdog lasts from the kill until the restart RestartSec later: watch it closely.
    const results = new Set<string>();
    const restarted = await waitUntil(async () => {
      results.add(await show('Result'));
      return Number(await show('NRestarts')) > restarts;
    }, 40_000, 100);
    expect(restarted).toBe(true);
    expect([...results]).toContain('watchdog');
    await expectRecording();
    expect(await show('MainPID')).not.toBe(pid);
  });

  it('a recorder killed with SIGKILL after a long run is restarted by systemd without a wait and records again', async () => {
    const pid = await show('MainPID');
    // Past 10 s since its start, after any wait: not young.
    const age = Number((await sandbox.exec(['ps', '-o', 'etimes=', '-p', pid])).stdout.trim()) * 1000;
    await sleep(Math.max(0, 11_000 + (lastStart().delay_ms ?? 0) - age));
    const [restarts, since] = [Number(await show('NRestarts')), await sandbox.exec(['date', '+%F %T'])];
    await sandbox.exec(['kill', '-KILL', pid]);
    expect(await waitUntil(async () => Number(await show('NRestarts')) > restarts, 15_000, 250)).toBe(true);
    await expectRecording();
    expect(await waitUntil(async () => (await show('ActiveState')) === 'active', 30_000, 500)).toBe(true);
    expect(await sandbox.journal('-u', UNIT, '--since', since.stdout.trim())).not.toMatch(/waiting/);
  });

  it('a recorder that keeps dying young waits longer before each start, says why in the log and the unit\'s status, then records', async () => {
    const since = (await sandbox.exec(['date', '+%F %T'])).stdout.trim();
    const statuses = new Set<string>();
    for (let kill = 0; kill < 4; kill++) {
      const pid = await show('MainPID');
      await sandbox.exec(['kill', '-KILL', pid]);
      // Once the next one is active it has waited and left its start in its folder: the next kill
      // ends it young.
      const up = await waitUntil(async () => {
        statuses.add(await show('StatusText'));
        return (await show('ActiveState')) === 'active' && !['0', pid].includes(await show('MainPID'));
      }, 60_000, 200);
      expect(up, await sandbox.journal('-u', UNIT, '-n', '20')).toBe(true);
    }
    await expectRecording(2, 60_000);
    const waits = [...(await sandbox.journal('-u', UNIT, '--since', since)).matchAll(/started again [\d.]+ s after the last start: waiting ([\d.]+) s before starting/g)].map((m) => Number(m[1]));
    // Doubling from reconnect_delay (1 s here); a run slowed past 10 s by a loaded machine would
    // start the series again, so one doubling is asked of three waits.
    expect(waits.some((w, i) => i > 0 && w === 2 * waits[i - 1]!), waits.join()).toBe(true);
    expect([...statuses].some((s) => /waiting [\d.]+ s before starting/.test(s)), [...statuses].join('\n')).toBe(true);
    expect(lastStart()).toMatchObject({ version: 1, delay_ms: waits.at(-1)! * 1000, base_ms: 1000 });
  });

  it('a camera down for longer than the start-limit interval leaves the unit active, and it records on return', async () => {
    await camera.stop();
    const states = new Set<string>();
    for (let i = 0; i < 15; i++) {
      states.add(await show('ActiveState'));
      await sleep(1000);
    }
    expect([...states], await sandbox.journal('-u', UNIT, '-n', '30', '-o', 'short')).toEqual(['active']);
    await camera.restart();
    await expectRecording();
  });

  it('cams-merge.timer fires and merged files appear', async () => {
    const merged = await waitUntil(() => mp4Files(path.join(dir, 'cam1', 'merged')).length > 0, 120_000, 1000);
    expect(merged, await sandbox.journal('-u', 'cams-merge.service', '-n', '20')).toBe(true);
    expect(await sandbox.show('cams-merge.service', 'Result')).toBe('success');
  });

  it.skipIf(!hasCommand('clean'))('cams-clean.timer runs and deletes an old file planted for it', async () => {
    const old = path.join(dir, 'cam1', 'segments', '20200101_000000.mp4');
    cpSync(mp4Files(path.join(dir, 'cam1', 'segments'))[0]!, old);
    expect(await waitUntil(() => !existsSync(old), 60_000, 1000), await sandbox.journal('-u', 'cams-clean.service', '-n', '20')).toBe(true);
  });

  it('a broken config fails the unit once with its one-line error, without a restart loop', async () => {
    writeFileSync(config, configText(camera.url).replace('stall_timeout: 2', 'stall_timeout: 2, stall_timout: 3'));
    await sandbox.systemctl('restart', UNIT);
    expect(await waitUntil(async () => (await show('ActiveState')) === 'failed', 10_000, 250)).toBe(true);
    expect(await show('ExecMainStatus')).toBe('78');
    const restarts = await show('NRestarts');
    await sleep(4000); // several RestartSec: a loop would have restarted it by now
    expect([await show('ActiveState'), await show('NRestarts')]).toEqual(['failed', restarts]);
    const errors = (await sandbox.journal('-u', UNIT, '-p', 'err', '--since', '-10s')).trim().split('\n');
    expect(errors[0]).toMatch(/^cams-manager: config ".*config\.yaml"/);
    writeFileSync(config, configText(camera.url));
  });

  it('journalctl -u shows the recorder\'s lines, and -p err only its errors', async () => {
    expect(await sandbox.journal('-u', UNIT)).toMatch(/cam1: recording/);
    const errors = await sandbox.journal('-u', UNIT, '-p', 'err');
    expect(errors).toMatch(/^cams-manager: config /m);
    expect(errors).not.toMatch(/recorder starting|: recording|reconnecting in/);
  });

  it('systemctl stop keeps the footage up to the stop: SIGTERM goes to the recorder alone (KillMode=mixed), which has FFmpeg write its last frames', async () => {
    await sandbox.systemctl('restart', UNIT);
    await expectRecording(2);
    await sleep(1500);
    const stoppedAt = Date.now();
    expect((await sandbox.systemctl('stop', UNIT)).exitCode).toBe(0);
    const catalogue = buildCatalogue(await readFootageFiles(path.join(dir, 'cam1'), stoppedAt - 60_000, stoppedAt + 10_000), stoppedAt - 60_000, stoppedAt + 10_000);
    // A SIGTERM from systemd straight to FFmpeg (KillMode=control-group) lost the frames since its
    // last fragment, up to a GOP (1 s here).
    expect(stoppedAt - catalogue.runs.at(-1)!.end).toBeLessThan(500);
    await sandbox.systemctl('start', UNIT);
  });

  it('install/install.sh --user run twice in a scratch HOME: the second run changes nothing', async () => {
    const app = copyApp();
    const home = tempDir('cams-home-');
    const run = () => sandbox.exec(['bash', path.join(app, 'install/install.sh'), '--user'], { HOME: home });
    const first = await run();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain(`wrote ${sandbox.dir}/config/cams-manager/config.yaml`); // XDG_CONFIG_HOME
    const before = snapshot([home, app, sandbox.unitDir]);
    const second = await run();
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/wrote|created|linked|npm ci|building/);
    expect(snapshot([home, app, sandbox.unitDir])).toEqual(before);
  });
});

// A copy of the program as a user would have it: built, with its dependencies installed.
function copyApp(): string {
  const app = tempDir('cams-app-');
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'config.yaml.example', 'src', 'install']) cpSync(path.join(ROOT, f), path.join(app, f), { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true }); // after src: newer, so no rebuild
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
  return app;
}

// Every file and folder below the roots with its type, size, mode, times and link target.
function snapshot(roots: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string): void => {
    const st = lstatSync(p);
    out[p] = `${st.mode} ${st.size} ${st.mtimeMs} ${st.isSymbolicLink() ? readlinkSync(p) : ''}`;
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  for (const r of roots) walk(r);
  return out;
}
