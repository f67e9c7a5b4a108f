// The off-site uploader (`cams-manager offsite`) as a process, against Debian's sshd (SFTP) and
// `rclone serve webdav` on 127.0.0.1 started here, with a real rclone; footage cut from one FFmpeg
// encode shared by all. The footage's ways (order, latency, merged minutes, retention, the bytes
// there) run against both; the faults against SFTP, the one whose server can be killed and revived.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isPartialName } from '../../src/offsite/remote.js';
import { CliProcess, runCli, stopAllCli, tempDir } from '../support/cli.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { CANARY_TOKEN } from '../support/notify-config.js';
import { addSegments, filesUnder, md5, stateEvents, writeOffsiteConfig, type OffsiteSettings, type PutEvent } from '../support/offsite-footage.js';
import { descendants } from '../support/processes.js';
import { writeRcloneConfig } from '../support/rclone-config.js';
import { minuteAgo, segmentStem } from '../support/segments.js';
import { SftpServer } from '../support/sftp-server.js';
import { integrationDescribe } from '../support/tools.js';
import { WebdavServer } from '../support/webdav-server.js';

const WRONG_PASSWORD = 'Wrong-Offsite-Pw-55e1';
const DAV_PASSWORD = 'Dav-Offsite-Pw-91c4';
// The 2 minutes: long enough for the back-off to reach its longer waits (2 s doubling).
const OUTAGE_S = Number(process.env.CAMS_OFFSITE_OUTAGE_S ?? 120);

type Backend = 'SFTP' | 'WebDAV';
const BACKENDS: Backend[] = ['SFTP', 'WebDAV'];
let sftp: SftpServer;
let dav: WebdavServer;
let work: string;
let encode: string; // 60 s of 320x240 test pictures, cut into segments by each test
let rcloneConfig: string;
let tests = 0;

// A folder for one test: its config (cameras under it), its own folder on the remote (`remote`, as
// the config names it) and that folder on the server's disk (`remoteDir`).
function setup(cameras: string[], offsite: Partial<OffsiteSettings> = {}, backend: Backend = 'SFTP'): { dir: string; config: string; remote: string; remoteDir: string } {
  const dir = path.join(work, `t${++tests}`);
  mkdirSync(dir, { recursive: true });
  const remoteDir = path.join(backend === 'SFTP' ? sftp.root : dav.root, `t${tests}`);
  const remote = backend === 'SFTP' ? `nas:${remoteDir}` : `dav:t${tests}`;
  const config = writeOffsiteConfig(dir, cameras, { remote, rcloneConfig, ...offsite });
  return { dir, config, remote, remoteDir };
}

const cut = (outputDir: string, start: Date, seconds: number) => addSegments(outputDir, { start, seconds, source: encode });

// The remote path of a local recording ("cam1/segments/x.mp4").
const remoteOf = (camera: string, file: string) => `${camera}/${path.basename(path.dirname(file))}/${path.basename(file)}`;

integrationDescribe('off-site uploader', ['ffmpeg', 'rclone', 'sshd'], () => {
  beforeAll(async () => {
    sftp = await SftpServer.start();
    dav = await WebdavServer.start({ user: 'cams', password: DAV_PASSWORD });
    work = tempDir('cams-offsite-up-');
    rcloneConfig = writeRcloneConfig(work, [sftp.rcloneSection('nas'), sftp.rcloneSection('wrong', { password: WRONG_PASSWORD }), dav.rcloneSection('dav', DAV_PASSWORD)]);
    encode = path.join(work, 'whole.mp4');
    const scratch = path.join(work, 'scratch');
    await addSegments(scratch, { start: minuteAgo(500), seconds: 60, whole: encode });
    rmSync(scratch, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    await stopAllCli();
    await sftp?.stop();
    await dav?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(BACKENDS)('%s: --dry-run prints the plan newest first with the lag and touches nothing; --once sends it all newest first across cameras, each file there with the md5 of the local one (checked by rclone where the backend has it), and tells Telegram when a camera is behind max_lag and when it caught up', async (backend) => {
    const telegram = await FakeTelegram.start();
    const { dir, config, remoteDir } = setup(['cam1', 'cam2'], { maxLag: '15m', extra: ['notify:', '  telegram:', '    bot_token_file: bot-token', '    chat_id: -100123', `    api_url: ${telegram.url}`] }, backend);
    writeFileSync(path.join(dir, 'bot-token'), CANARY_TOKEN + '\n', { mode: 0o600 });
    const local = [...(await cut(path.join(dir, 'cam1'), minuteAgo(30), 20)), ...(await cut(path.join(dir, 'cam2'), new Date(minuteAgo(30).getTime() + 1000), 20))];

    const dry = await runCli(['offsite', '--dry-run', '-c', config]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const uploads = dry.stdout.split('\n').filter((l) => l.startsWith('upload'));
    expect(uploads).toHaveLength(local.length);
    const planned = uploads.map((l) => l.split(/\s+/)[1]!);
    expect(planned).toEqual([...planned].sort((a, b) => (path.basename(a) < path.basename(b) ? 1 : -1)));
    // The footage starts on the minute 30 min ago: 30 min and some seconds, or 31 if a minute turned meanwhile.
    expect(dry.stdout).toMatch(/^cam1: lag (30|31) min( \d+ s)?, /m);
    expect(existsSync(remoteDir)).toBe(false);

    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    const puts = [...stateEvents(path.join(dir, 'cam1'), 'put'), ...stateEvents(path.join(dir, 'cam2'), 'put')].sort((a, b) => a.at - b.at);
    expect(puts.map((p) => p.path)).toEqual([...local].map((f) => remoteOf(path.basename(path.dirname(path.dirname(f))), f)).sort((a, b) => (path.basename(a) < path.basename(b) ? 1 : -1)));
    for (const file of local) {
      const there = path.join(remoteDir, remoteOf(path.basename(path.dirname(path.dirname(file))), file));
      expect(md5(there)).toBe(md5(file));
      // rclone 1.60's WebDAV has no hash for a server that is not Nextcloud or ownCloud: size only.
      expect(puts.find((p) => path.join(remoteDir, p.path) === there)?.hash).toBe(backend === 'SFTP' ? `md5:${md5(file)}` : undefined);
    }
    expect(filesUnder(remoteDir)).toHaveLength(local.length); // no partial left
    const again = await runCli(['offsite', '--dry-run', '-c', config]);
    expect(again.stdout).toMatch(/^cam1: lag 0 s, 0 files/m);
    const texts = telegram.messages.map((m) => m.text).sort();
    await telegram.stop();
    expect(texts).toEqual([
      expect.stringMatching(/^📤 cam1: off-site copy behind, the oldest footage not off-site is (30|31) min( \d+ s)? old \(offsite.max_lag 15 min\)$/),
      expect.stringMatching(/^📤 cam1: off-site copy caught up \(lag 0 s, it was behind for \d+ s\)$/),
      expect.stringMatching(/^📤 cam2: off-site copy behind/),
      expect.stringMatching(/^📤 cam2: off-site copy caught up/),
    ]);
    expect([once.stderr, ...texts].join('\n')).not.toContain(CANARY_TOKEN);
  }, 120_000);

  it.each(BACKENDS)('%s: running, it sends a new segment off-site within 10 s (measured), sends the merged minute and then deletes the segments it replaces, and stops on SIGTERM with exit 0 and rclone gone', async (backend) => {
    const { dir, config, remoteDir } = setup(['cam1'], {}, backend);
    const cam = path.join(dir, 'cam1');
    const older = await cut(cam, minuteAgo(20), 60);
    const spare = await cut(path.join(dir, 'spare'), minuteAgo(400), 60); // segments to drop in one at a time
    const uploader = new CliProcess(['offsite', '-c', config, '-v']);
    await uploader.waitFor(/off-site copy of 1 camera/, 30_000);
    await waitUntil(() => older.every((f) => existsSync(path.join(remoteDir, remoteOf('cam1', f)))), 60_000);

    const latencies: number[] = [];
    for (const [i, file] of spare.slice(0, 8).entries()) {
      const name = `${segmentStem(new Date(Date.now() - 2000))}.mp4`;
      const there = path.join(remoteDir, 'cam1/segments', name);
      const t0 = performance.now();
      renameSync(file, path.join(cam, 'segments', name)); // as the recorder admits a segment
      await waitUntil(() => existsSync(there), 10_000);
      latencies.push(performance.now() - t0);
      expect(md5(there)).toBe(md5(path.join(cam, 'segments', name)));
      if (i < 7) await sleep(2100 - (performance.now() - t0)); // the next one 2 s later, as a camera writes them
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`off-site latency of the newest segment (${backend}) over ${sorted.length}: median ${sorted[4]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    expect(sorted.at(-1)).toBeLessThan(10_000);

    const merge = await runCli(['merge', '-c', config]);
    expect(merge.exitCode, merge.stderr).toBe(0);
    const minutes = filesUnder(path.join(cam, 'merged')).filter((f) => f.endsWith('.mp4'));
    expect(minutes.length).toBeGreaterThan(0);
    await waitUntil(() => minutes.every((m) => existsSync(path.join(remoteDir, 'cam1/merged', m))) && older.every((f) => !existsSync(path.join(remoteDir, remoteOf('cam1', f)))), 60_000, () => explain(uploader, remoteDir));
    for (const m of minutes) expect(md5(path.join(remoteDir, 'cam1/merged', m))).toBe(md5(path.join(cam, 'merged', m)));
    const left = filesUnder(path.join(remoteDir, 'cam1/segments'));
    expect(left.sort()).toEqual(filesUnder(path.join(cam, 'segments')).sort()); // only the segments not merged yet

    const rclone = descendants(uploader.child.pid!);
    expect(rclone.length).toBeGreaterThan(0);
    expect(await uploader.stop()).toEqual({ code: 0, signal: null });
    await waitUntil(() => rclone.every((pid) => !existsSync(`/proc/${pid}`)), 10_000);
  }, 180_000);

  it.each(BACKENDS)('%s: keeps the remote for offsite.retention_days: older footage is deleted there and never sent', async (backend) => {
    const { dir, config, remote, remoteDir } = setup(['cam1'], {}, backend);
    const cam = path.join(dir, 'cam1');
    const old = await cut(cam, minuteAgo(3 * 24 * 60), 20);
    expect((await runCli(['offsite', '--once', '-c', config])).exitCode).toBe(0);
    expect(filesUnder(remoteDir)).toHaveLength(old.length);
    const recent = await cut(cam, minuteAgo(60), 20);
    writeOffsiteConfig(dir, ['cam1'], { remote, rcloneConfig, retentionDays: 1 });
    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    expect(filesUnder(remoteDir)).toEqual(recent.map((f) => remoteOf('cam1', f)).sort());
    expect(stateEvents(cam, 'gone')).toHaveLength(old.length);
    const more = await cut(path.join(dir, 'cam1'), minuteAgo(2 * 24 * 60), 20); // local, past retention
    expect((await runCli(['offsite', '--once', '-c', config])).exitCode).toBe(0);
    expect(more.some((f) => existsSync(path.join(remoteDir, remoteOf('cam1', f))))).toBe(false);
  }, 120_000);

  it('a wrong password is one clear error line and a 10-minute pause, not a retry storm; --once exits 78; the password is never shown', async () => {
    const { dir, config, remoteDir } = setup(['cam1'], {});
    writeOffsiteConfig(dir, ['cam1'], { remote: `wrong:${remoteDir}`, rcloneConfig });
    await cut(path.join(dir, 'cam1'), minuteAgo(5), 10);
    const before = sftp.lines.length;
    const uploader = new CliProcess(['offsite', '-c', config]);
    await uploader.waitFor(/refused the credentials/, 30_000);
    const t0 = Date.now();
    await sleep(10_000);
    const refused = uploader.lines.filter((l) => /refused the credentials/.test(l));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/off-site remote "wrong:.*" refused the credentials.*retrying every 10 min/);
    const attempts = sftp.lines.slice(before).filter((l) => /Failed password|Failed none/.test(l)).length;
    console.log(`wrong password: ${attempts} failed login(s) on the server and ${refused.length} log line in ${((Date.now() - t0) / 1000 + 0).toFixed(0)}+ s`);
    expect(attempts).toBeLessThanOrEqual(3);
    expect(await uploader.stop()).toEqual({ code: 0, signal: null });
    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode).toBe(78);
    const errors = once.stderr.split('\n').filter((l) => l.startsWith('cams-manager:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^cams-manager: off-site remote "wrong:.*" refused the credentials/);
    for (const text of [once.stderr, once.stdout, uploader.lines.join('\n')]) expect(text).not.toContain(WRONG_PASSWORD);
    expect(filesUnder(remoteDir)).toEqual([]);
  }, 120_000);

  it('killed with SIGKILL at 10 instants during a backlog, the next run leaves every file on the remote exactly once under its final name and no partial', async () => {
    const { dir, config, remoteDir } = setup(['cam1']);
    const cam = path.join(dir, 'cam1');
    const local = [...(await cut(cam, minuteAgo(30), 60)), ...(await cut(cam, minuteAgo(40), 60))];
    let interrupted = 0;
    for (let i = 0; i < 10; i++) {
      const run = new CliProcess(['offsite', '--once', '-c', config]);
      await run.waitFor(/off-site copy of 1 camera/, 30_000);
      await sleep(50 + ((i * 137) % 400));
      run.signal('SIGKILL');
      await run.exited;
      const intents = stateEvents<{ path: string }>(cam, 'intent').map((e) => e.path);
      const puts = new Set(stateEvents(cam, 'put').map((e) => e.path));
      if (intents.some((p) => !puts.has(p))) interrupted++;
    }
    console.log(`SIGKILL: ${interrupted} of 10 kills left an upload interrupted; ${filesUnder(remoteDir).filter((f) => f.includes('.partial-')).length} partial(s) on the remote before the next run`);
    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    expect(filesUnder(remoteDir)).toEqual(local.map((f) => remoteOf('cam1', f)).sort());
    for (const f of local) expect(md5(path.join(remoteDir, remoteOf('cam1', f)))).toBe(md5(f));
  }, 180_000);

  it('bandwidth limited to 256 KiB/s: an upload of a few MB goes at that rate within 10 %', async () => {
    const { dir, config } = setup(['cam1'], { bwlimit: '256k' });
    const cam = path.join(dir, 'cam1');
    const [file] = await addSegments(cam, { start: minuteAgo(5), seconds: 4, size: '1280x720', bitrate: '6M', segmentSeconds: 10 });
    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    const [intent] = stateEvents<{ since: number; size: number }>(cam, 'intent');
    const [put] = stateEvents(cam, 'put');
    const rate = intent!.size / ((put!.at - intent!.since) / 1000);
    console.log(`bwlimit 256k: ${(intent!.size / 1048576).toFixed(1)} MiB at ${(rate / 1024).toFixed(0)} KiB/s`);
    expect(statSync(file!).size).toBeGreaterThan(2_000_000);
    expect(rate / 262_144).toBeGreaterThan(0.9);
    expect(rate / 262_144).toBeLessThan(1.1);
  }, 120_000);

  it('SIGTERM in the middle of a slow upload: exit 0 within the grace, nothing under the final name; the next run sends it whole and leaves no partial', async () => {
    const { dir, config, remoteDir } = setup(['cam1'], { bwlimit: '256k' });
    const cam = path.join(dir, 'cam1');
    const [file] = await addSegments(cam, { start: minuteAgo(5), seconds: 4, size: '1280x720', bitrate: '6M', segmentSeconds: 10 });
    const uploader = new CliProcess(['offsite', '-c', config]);
    await waitUntil(() => stateEvents(cam, 'intent').length > 0, 30_000);
    await sleep(1500);
    const t0 = Date.now();
    expect(await uploader.stop(20_000)).toEqual({ code: 0, signal: null });
    console.log(`SIGTERM during an upload: exited after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(existsSync(path.join(remoteDir, remoteOf('cam1', file!)))).toBe(false);
    writeOffsiteConfig(dir, ['cam1'], { remote: `nas:${remoteDir}`, rcloneConfig });
    const once = await runCli(['offsite', '--once', '-c', config]);
    expect(once.exitCode, once.stderr).toBe(0);
    expect(filesUnder(remoteDir)).toEqual([remoteOf('cam1', file!)]);
    expect(md5(path.join(remoteDir, remoteOf('cam1', file!)))).toBe(md5(file!));
  }, 120_000);

  it('the server killed in the middle of an upload: nothing under the final name; once it is back the file is sent again, whole, and the partial of the broken upload is removed', async () => {
    const { dir, config, remoteDir } = setup(['cam1'], { bwlimit: '256k' });
    const cam = path.join(dir, 'cam1');
    const [file] = await addSegments(cam, { start: minuteAgo(5), seconds: 4, size: '1280x720', bitrate: '6M', segmentSeconds: 10 });
    const uploader = new CliProcess(['offsite', '-c', config, '-v']);
    const folder = path.join(remoteDir, 'cam1/segments');
    const final = path.join(remoteDir, remoteOf('cam1', file!));
    // 256 KiB/s: the upload of 2+ MB takes seconds; the server dies with a third of it there.
    await waitUntil(() => filesUnder(folder).some((f) => isPartialName(f) && statSync(path.join(folder, f)).size > statSync(file!).size / 3), 60_000, () => explain(uploader, remoteDir));
    await sftp.kill();
    await uploader.waitFor(/off-site copy paused/, 60_000);
    const broken = filesUnder(folder);
    expect(existsSync(final)).toBe(false);
    expect(broken.filter(isPartialName)).toHaveLength(1);
    await sftp.revive();
    await uploader.waitFor(/answers again/, 60_000);
    await waitUntil(() => existsSync(final) && filesUnder(folder).length === 1, 60_000, () => explain(uploader, remoteDir));
    expect(md5(final)).toBe(md5(file!));
    expect(filesUnder(remoteDir)).toEqual([remoteOf('cam1', file!)]);
    expect(stateEvents(cam, 'put').map((p) => p.path)).toEqual([remoteOf('cam1', file!)]);
    expect(await uploader.stop()).toEqual({ code: 0, signal: null });
  }, 180_000);

  it(`the server down for ${OUTAGE_S} s and back: one line when it fails and one when it is back, then the backlog drains newest first (the file the first failed try began in its turn), nothing missing`, async () => {
    const { dir, config, remoteDir } = setup(['cam1']);
    const cam = path.join(dir, 'cam1');
    const first = await cut(cam, minuteAgo(3), 20);
    const uploader = new CliProcess(['offsite', '-c', config, '-v']);
    await waitUntil(() => first.every((f) => existsSync(path.join(remoteDir, remoteOf('cam1', f)))), 60_000);
    await sftp.kill();
    const down = Date.now();
    // The first failed try takes a file older than the minute written after it (its intent stays).
    const recent = Date.now() - 60_000; // `first` ended before recent - 60 s: no name twice
    const during = [...(await cut(cam, minuteAgo(50), 60)), ...(await cut(cam, new Date(recent - 60_000), 60))];
    await uploader.waitFor(/off-site copy paused/, 60_000);
    during.push(...(await cut(cam, new Date(recent), 60)));
    await sleep(Math.max(0, OUTAGE_S * 1000 - (Date.now() - down)));
    await sftp.revive();
    const back = Date.now();
    await uploader.waitFor(/answers again/, 180_000);
    await waitUntil(() => during.every((f) => existsSync(path.join(remoteDir, remoteOf('cam1', f)))), 120_000, () => explain(uploader, remoteDir));
    console.log(`outage ${((back - down) / 1000).toFixed(0)} s: ${during.length} files drained ${((Date.now() - back) / 1000).toFixed(1)} s after the server was back`);
    expect(uploader.lines.filter((l) => /off-site copy paused/.test(l))).toHaveLength(1);
    const after = stateEvents<PutEvent>(cam, 'put').filter((p) => p.at >= back);
    expect(after.map((p) => p.start)).toEqual([...after.map((p) => p.start)].sort((a, b) => b - a));
    expect(filesUnder(remoteDir)).toEqual([...first, ...during].map((f) => remoteOf('cam1', f)).sort());
    expect(await uploader.stop()).toEqual({ code: 0, signal: null });
  }, 400_000);
});

async function waitUntil(test: () => boolean, timeoutMs: number, explain: () => string = () => ''): Promise<void> {
  const limit = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > limit) throw new Error(`not true within ${timeoutMs} ms\n${explain()}`);
    await sleep(25);
  }
}

// What the uploader said and what the remote holds, for a failed wait.
function explain(uploader: CliProcess, remoteDir: string): string {
  return [...uploader.lines.slice(-40), 'remote:', ...filesUnder(remoteDir)].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
