// Notifications and `status` under a real systemd (a user manager in namespaces), with the camera
// simulator asking for a password and a fake Telegram API: what issue 6 needs the sandbox for.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCamera, stopAllCameras, type Camera } from '../support/camera.js';
import { CLI, tempDir } from '../support/cli.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { sleep, waitUntil } from '../support/media.js';
import { CANARY_PASSWORD, CANARY_TOKEN, leakedCanaries } from '../support/notify-config.js';
import { startSandbox, stopAllSandboxes, type Sandbox } from '../support/sandbox.js';
import { integrationDescribe } from '../support/tools.js';

interface UnitJson {
  active_state: string;
  n_restarts: number;
}

interface CameraJson {
  name: string;
  recording: boolean;
  recorder_state: string;
  state_since: string | null;
  last_segment_age_s: number | null;
  unit: UnitJson | null;
}

interface Status {
  exitCode: number; // of status --json
  tableExitCode: number; // of status, run just after it
  table: string;
  cameras: Record<string, CameraJson>;
}

const MERGE = 'cams-merge.service';

let sandbox: Sandbox;
let camera: Camera;
let api: FakeTelegram;
let dir: string;
let config: string;
const outputs: string[] = []; // every stdout and stderr of the commands run, for the canary check

// cam1's password comes from secrets.env (EnvironmentFile=); cam2, when present, names a variable
// nobody set: its recorder fails at run time with the config error, exit 78.
function writeConfig(withCam2: boolean): void {
  const cam = (name: string, variable: string) => `  - {name: ${name}, rtsp_url: "rtsp://admin:\${${variable}}@127.0.0.1:${camera.port}/cam", output_dir: ${name}, audio: none}`;
  const text = [
    'cameras:', cam('cam1', 'CAM_PW'), ...(withCam2 ? [cam('cam2', 'CAM2_PW')] : []),
    'recording: {segment_duration: 2, reconnect_delay: 1, max_reconnect_delay: 2, stall_timeout: 2, merge_interval: 3600}',
    'ffmpeg: {timeout: 1000000}',
    'notify:', '  telegram:', '    bot_token_file: bot-token', '    chat_id: -100123', `    api_url: ${api.url}`, '    min_interval: 1',
  ];
  writeFileSync(config, text.join('\n') + '\n', { mode: 0o600 });
}

// `status --json --user`, then `status --user`: run inside the sandbox, so they ask its manager.
async function status(): Promise<Status> {
  const json = await sandbox.exec([process.execPath, CLI, 'status', '--json', '--user', '-c', config]);
  const table = await sandbox.exec([process.execPath, CLI, 'status', '--user', '-c', config]);
  outputs.push(json.stdout, json.stderr, table.stdout, table.stderr);
  const doc = JSON.parse(json.stdout) as { cameras: CameraJson[] };
  return { exitCode: json.exitCode, tableExitCode: table.exitCode, table: table.stdout, cameras: Object.fromEntries(doc.cameras.map((c) => [c.name, c])) };
}

// Polls status until ok(status) holds and both commands agree; fails with the last table and journal.
async function statusWhen(ok: (s: Status) => boolean, timeoutMs = 30_000): Promise<Status> {
  let last: Status | undefined;
  const settled = (s: Status) => ok(s) && s.tableExitCode === s.exitCode;
  await waitUntil(async () => settled((last = await status())), timeoutMs, 1000);
  expect(settled(last!), `status:\n${last!.table}\njournal:\n${await sandbox.journal('-u', 'cams-record@cam1.service', '-n', '20')}`).toBe(true);
  return last!;
}

integrationDescribe('notifications and status under a real systemd', ['ffmpeg', 'ffprobe', 'camera-sim', 'systemd-sandbox'], () => {
  beforeAll(async () => {
    dir = tempDir('cams-systemd-notify-');
    [sandbox, camera, api] = await Promise.all([startSandbox(), startCamera({ auth: `admin:${CANARY_PASSWORD}` }), FakeTelegram.start()]);
    config = path.join(dir, 'config.yaml');
    writeFileSync(path.join(dir, 'bot-token'), CANARY_TOKEN + '\n', { mode: 0o600 });
    writeConfig(false);
    // %E/cams-manager/secrets.env of a user manager: $XDG_CONFIG_HOME/cams-manager/secrets.env.
    mkdirSync(path.join(sandbox.dir, 'config/cams-manager'), { recursive: true });
    writeFileSync(path.join(sandbox.dir, 'config/cams-manager/secrets.env'), `CAM_PW=${CANARY_PASSWORD}\n`, { mode: 0o600 });
    const install = await sandbox.exec([process.execPath, CLI, 'install-units', '--user', '-c', config]);
    outputs.push(install.stdout, install.stderr);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout).toContain('cams-notify-failure@.service');
    const start = await sandbox.systemctl('start', 'cams-record@cam1.service');
    expect(start.exitCode, start.stderr).toBe(0);
  });

  afterAll(async () => {
    await stopAllSandboxes();
    await stopAllCameras();
    await api?.stop();
  });

  it('status --user reports a recording camera as active and recording, and exits 0', async () => {
    // "recording" from the first frame on; wait for the first segment too, for the NEWEST column.
    const up = await statusWhen((s) => s.exitCode === 0 && s.cameras.cam1!.last_segment_age_s !== null);
    expect(up.cameras.cam1).toMatchObject({ recording: true, recorder_state: 'recording', unit: { active_state: 'active', n_restarts: 0 } });
    expect(up.table).toMatch(/^cam1 +active +recording +\d+ s ago/m);
  });

  it('status --user counts a restart of the unit after the recorder is killed, and the camera records again', async () => {
    const killedAt = Date.now();
    await sandbox.exec(['kill', '-KILL', await sandbox.show('cams-record@cam1.service', 'MainPID')]);
    // The next recorder's state file: "recording" since after the kill (the old one said so too).
    const again = await statusWhen((s) => s.exitCode === 0 && Date.parse(s.cameras.cam1!.state_since ?? '') > killedAt);
    expect(again.cameras.cam1).toMatchObject({ recording: true, unit: { active_state: 'active', n_restarts: 1 } });
    expect(again.table).toMatch(/^cam1 +active, 1 restarts +recording/m);
  });

  it('a recorder whose config names an unset variable fails its unit once, and status shows it failed and exits 3', async () => {
    writeConfig(true);
    expect((await sandbox.systemctl('start', 'cams-record@cam2.service')).exitCode).not.toBe(0);
    expect(await waitUntil(async () => (await sandbox.show('cams-record@cam2.service', 'ActiveState')) === 'failed', 10_000)).toBe(true);
    expect(await sandbox.show('cams-record@cam2.service', 'ExecMainStatus')).toBe('78');
    expect(await sandbox.journal('-u', 'cams-record@cam2.service', '-p', 'err')).toMatch(/CAM2_PW is not set/);
    const down = await status();
    expect([down.exitCode, down.tableExitCode]).toEqual([3, 3]);
    expect(down.cameras.cam1).toMatchObject({ recording: true, unit: { active_state: 'active', n_restarts: 1 } });
    expect(down.cameras.cam2).toMatchObject({ recording: false, recorder_state: 'not running', unit: { active_state: 'failed', n_restarts: 0 } });
    expect(down.table).toMatch(/^cam2 +failed +not running/m);
  });

  it('a merge that fails on a read-only output folder sends one message naming the unit, with its last log lines', async () => {
    // What an SD card does after an I/O error (errors=remount-ro): only inside the sandbox's mounts.
    const folder = path.join(dir, 'cam1');
    const ro = await sandbox.exec(['sh', '-c', `mount --bind '${folder}' '${folder}' && mount -o remount,bind,ro '${folder}'`]);
    expect(ro.exitCode, ro.stderr).toBe(0);
    const run = await sandbox.systemctl('start', MERGE);
    expect(run.exitCode).not.toBe(0);
    expect(await sandbox.show(MERGE, 'ActiveState')).toBe('failed');
    const message = await api.waitFor((m) => m.text.includes(MERGE), 30_000);
    await sleep(3000); // a second message would have come by now
    expect(api.messages.filter((m) => m.text.includes(MERGE))).toHaveLength(1);
    const [head, ...lines] = message.text.split('\n');
    expect(head).toMatch(/^❌ cams-merge\.service \(exit-code, exit 73\) failed on /);
    expect(lines[0]).toBe(`  cam1: folder "${folder}" cannot be written: read-only file system`);
    const journal = (await sandbox.journal('-u', MERGE)).split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(journal).toContain(line.slice(2)); // "  " + the journal's line
    expect(message.chatId).toBe(-100123);
    expect(await sandbox.show(`cams-notify-failure@${MERGE}.service`, 'Result')).toBe('success');
  });

  it('neither the camera password nor the bot token is in the journal, the status output or the messages', async () => {
    const journal = (await sandbox.exec(['journalctl', '--no-pager', '-o', 'verbose', '--all'])).stdout;
    // Not vacuous: the recorder logged through it, and the camera took only the password.
    expect(journal).toMatch(/cam1: recording/);
    expect(journal).toMatch(/CAM2_PW is not set/);
    const messages = api.attempts.flatMap((m) => [m.text, m.raw]);
    expect(messages.length).toBeGreaterThan(0);
    expect(leakedCanaries(dir, [journal, ...outputs, ...messages])).toEqual([]);
  });
});
