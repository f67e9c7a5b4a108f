import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCamera } from '../support/camera.js';
import { CliProcess, runCli, tempDir, writeConfig } from '../support/cli.js';
import { decodeErrors, mp4Files, probeFile, sleep, waitUntil } from '../support/media.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

function startRecorder(config: string, name: string, env: Record<string, string> = {}): CliProcess {
  return new CliProcess(['record', name, '-c', config, '-v'], env);
}

// Newest footage time: the number of segments grows while recording.
const countSegments = (dir: string) => mp4Files(path.join(dir, 'segments')).length;

integrationDescribe('recorder against the camera simulator', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('records 30 s into segments that all decode, transcoding G.711 to AAC and copying AAC', async () => {
    const [pcma, aac] = await Promise.all([startCamera({ audio: 'pcma' }), startCamera({ audio: 'aac' })]);
    const dir = tempDir();
    const config = writeConfig(dir, [
      { name: 'pcma', url: pcma.url },
      { name: 'aac', url: aac.url },
    ]);
    const recorders = [startRecorder(config, 'pcma'), startRecorder(config, 'aac')];
    await Promise.all(recorders.map((r) => r.waitFor(/: recording$/)));
    await sleep(30_000);
    const results = await Promise.all(recorders.map((r) => r.stop()));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(recorders[0]!.lines.join('\n')).toMatch(/audio pcm_alaw → AAC/);
    expect(recorders[1]!.lines.join('\n')).toMatch(/audio aac → copy/);
    for (const cam of ['pcma', 'aac']) {
      const files = mp4Files(path.join(dir, cam, 'segments'));
      expect(files.length).toBeGreaterThanOrEqual(14);
      let total = 0;
      for (const file of files) {
        expect(await decodeErrors(file), file).toBe('');
        const info = await probeFile(file);
        expect(info.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
        total += info.duration;
      }
      expect(total).toBeGreaterThan(29);
      expect(readdirSync(path.join(dir, cam, '.staging'))).toEqual([]);
    }
  });

  it('a camera stopped for 10 s is recorded again within reconnect_delay + 3 s of its return', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { reconnect_delay: 2 });
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(4000);
    await camera.stop();
    await recorder.waitFor(/reconnecting in/, 15_000);
    await sleep(10_000);
    const before = countSegments(path.join(dir, 'cam1'));
    const from = recorder.lines.length;
    await camera.restart();
    const returned = Date.now();
    await recorder.waitFor(/recording again after \d+ s/, 20_000, from);
    expect(Date.now() - returned).toBeLessThanOrEqual((2 + 3) * 1000);
    await waitUntil(() => countSegments(path.join(dir, 'cam1')) > before + 1, 10_000);
    expect(countSegments(path.join(dir, 'cam1'))).toBeGreaterThan(before + 1);
    expect(recorder.lines.join('\n')).toMatch(/the stream ended|connection refused|camera closed/);
  });

  it('a camera frozen for 20 s is detected as stalled within stall_timeout + 1 s and recorded again after it thaws', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { reconnect_delay: 1, stall_timeout: 5 });
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(3000);
    const from = recorder.lines.length;
    camera.freeze();
    const frozenAt = Date.now();
    await recorder.waitFor(/stream stalled for \d+ s: restarting FFmpeg/, 15_000, from);
    // stall_timeout + 1 s, plus half a second for this test's own line reading on a busy machine.
    expect(Date.now() - frozenAt).toBeLessThanOrEqual((5 + 1) * 1000 + 500);
    await sleep(20_000 - (Date.now() - frozenAt));
    camera.thaw();
    const thawedAt = Date.now();
    await recorder.waitFor(/recording again after \d+ s/, 30_000, from);
    expect(Date.now() - thawedAt).toBeLessThanOrEqual(20_000);
    const files = mp4Files(path.join(dir, 'cam1', 'segments'));
    for (const file of files) expect(await decodeErrors(file), file).toBe('');
  });

  it('a camera that reboots with another resolution is recorded at the new size, every segment decoding', async () => {
    const camera = await startCamera({ width: 640, height: 360 });
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { reconnect_delay: 1 });
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(5000);
    const from = recorder.lines.length;
    await camera.restart({ width: 1280, height: 720 });
    await recorder.waitFor(/recording again after \d+ s/, 20_000, from);
    await sleep(5000);
    expect((await recorder.stop()).code).toBe(0);
    const sizes = new Set<string>();
    for (const file of mp4Files(path.join(dir, 'cam1', 'segments'))) {
      expect(await decodeErrors(file), file).toBe('');
      const video = (await probeFile(file)).streams.find((s) => s.codec_type === 'video')!;
      sizes.add(`${video.width}x${video.height}`);
    }
    expect([...sizes].sort()).toEqual(['1280x720', '640x360']);
  });

  it('records a camera whose password holds @ : / when percent-encoded, and says why a wrong password fails, never showing it', async () => {
    const camera = await startCamera({ auth: 'admin:p@s:s/w0rd' });
    const dir = tempDir();
    const good = camera.url.replace('rtsp://', 'rtsp://admin:p%40s%3As%2Fw0rd@');
    const bad = camera.url.replace('rtsp://', 'rtsp://admin:Wr0ngCanary@');
    const config = writeConfig(dir, [{ name: 'good', url: good }, { name: 'bad', url: bad }]);
    const [ok, refused] = [startRecorder(config, 'good'), startRecorder(config, 'bad')];
    await ok.waitFor(/: recording$/);
    const line = await refused.waitFor(/camera refused the login \(401 Unauthorized\): check the user name and password; reconnecting in/);
    expect(line).toMatch(/ ERROR /); // `journalctl -p err` shows it
    await sleep(3000);
    const status = await runCli(['status', '--json', '-c', config]);
    const badReport = (JSON.parse(status.stdout) as { cameras: Array<{ name: string; reason: string | null }> }).cameras.find((c) => c.name === 'bad');
    expect(badReport?.reason).toBe('camera refused the login (401 Unauthorized): check the user name and password');
    expect((await runCli(['status', '-c', config])).stdout).toContain('\nbad: camera refused the login (401 Unauthorized)');
    await Promise.all([ok.stop(), refused.stop()]);
    expect(mp4Files(path.join(dir, 'good', 'segments')).length).toBeGreaterThanOrEqual(1);
    expect(mp4Files(path.join(dir, 'bad', 'segments'))).toEqual([]);
    const output = [...ok.lines, ...refused.lines].join('\n');
    for (const secret of ['p@s:s/w0rd', 'p%40s%3As%2Fw0rd', 'Wr0ngCanary']) expect(output).not.toContain(secret);
  });

  it('after a SIGKILL of recorder and FFmpeg, a new recorder leaves no unplayable file and loses at most ~1 s', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }]);
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(7300); // mid-segment
    const ffmpegPid = Number(readFileSync(`/proc/${recorder.child.pid}/task/${recorder.child.pid}/children`, 'utf8').trim().split(' ')[0]);
    expect(ffmpegPid).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(ffmpegPid, 'SIGKILL');
    recorder.signal('SIGKILL');
    await recorder.exited;
    const staging = path.join(dir, 'cam1', '.staging');
    const left = readdirSync(staging).flatMap((run) => readdirSync(path.join(staging, run)));
    expect(left.length).toBeGreaterThanOrEqual(1); // the segment being written
    const second = startRecorder(config, 'cam1');
    await second.waitFor(/: recording$/);
    await second.stop();
    expect(readdirSync(staging)).toEqual([]);
    const files = mp4Files(path.join(dir, 'cam1', 'segments'));
    for (const file of files) expect(await decodeErrors(file), file).toBe('');
    // Footage before the kill: from the first segment's start up to the kill, minus at most ~1 s.
    const beforeKill = files.filter((f) => fileTime(f) < killedAt);
    let total = 0;
    for (const f of beforeKill) total += (await probeFile(f)).duration;
    const span = (killedAt - fileTime(beforeKill[0]!)) / 1000;
    expect(total).toBeGreaterThanOrEqual(span - 1.6);
    // Quarantine holds only what had no footage (killed right after opening) or a torn original
    // whose readable part was salvaged into segments/ under the same name: nothing deleted.
    const quarantine = path.join(dir, 'cam1', 'quarantine');
    for (const file of existsSync(quarantine) ? readdirSync(quarantine) : []) {
      const salvaged = existsSync(path.join(dir, 'cam1', 'segments', file));
      const empty = (await probeFile(path.join(quarantine, file)).catch(() => ({ duration: 0 }))).duration === 0;
      expect(salvaged || empty, `${file} in quarantine`).toBe(true);
    }
  });

  it("a recorder killed while its run's first segment waits for the run's clock to settle leaves it in staging, and the next start admits it", async () => {
    const { dir, config, recorder, staging, inStaging } = await recordingWhileFirstSegmentWaits();
    const left = inStaging();
    const ffmpegPid = Number(readFileSync(`/proc/${recorder.child.pid}/task/${recorder.child.pid}/children`, 'utf8').trim().split(' ')[0]);
    recorder.signal('SIGKILL');
    process.kill(ffmpegPid, 'SIGKILL');
    await recorder.exited;
    const segments = path.join(dir, 'cam1', 'segments');
    expect(mp4Files(segments)).toEqual([]); // it was waiting, not admitted
    expect(inStaging()).toEqual(expect.arrayContaining(left!));
    const second = startRecorder(config, 'cam1');
    await second.waitFor(/: recording$/);
    await second.stop();
    expect(readdirSync(staging)).toEqual([]);
    expect(mp4Files(segments).map((f) => path.basename(f))).toEqual(expect.arrayContaining([left![0]!]));
  });

  it("SIGTERM while the run's first segment waits for the run's clock to settle: exit 0, that segment and the last admitted once each with their times, nothing left in staging", async () => {
    const { dir, recorder, staging, inStaging } = await recordingWhileFirstSegmentWaits();
    const segments = path.join(dir, 'cam1', 'segments');
    expect(mp4Files(segments)).toEqual([]); // waiting
    recorder.signal('SIGTERM');
    expect((await recorder.exited).code).toBe(0);
    expect(readdirSync(staging)).toEqual([]);
    const names = mp4Files(segments).map((f) => path.basename(f));
    expect(names.length).toBeGreaterThanOrEqual(2);
    const footage = path.join(dir, 'cam1', '.footage');
    const lines = readdirSync(footage)
      .filter((n) => n.endsWith('.segments.jsonl'))
      .flatMap((n) => readFileSync(path.join(footage, n), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as { name: string; start: number; end: number });
    expect(lines.map((l) => l.name).sort()).toEqual(names.sort());
    for (const [a, b] of lines.slice(1).map((l, i) => [lines[i]!, l] as const)) expect(Math.abs(b.start - a.end)).toBeLessThanOrEqual(1); // one run: they abut
  });

  it('never overwrites a file that already has the name of the next segment', async () => {
    const camera = await startCamera();
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }]);
    const segments = path.join(dir, 'cam1', 'segments');
    const planted: string[] = [];
    const { mkdirSync } = await import('node:fs');
    mkdirSync(segments, { recursive: true });
    const start = Date.now();
    for (let s = 0; s < 20; s++) {
      const file = path.join(segments, stamp(new Date(start + s * 1000)) + '.mp4');
      writeFileSync(file, `planted ${s}\n`);
      planted.push(file);
    }
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(10_000);
    expect((await recorder.stop()).code).toBe(0);
    planted.forEach((file, s) => expect(readFileSync(file, 'utf8')).toBe(`planted ${s}\n`));
    const recorded = mp4Files(segments).filter((f) => !planted.includes(f));
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    expect(recorded.some((f) => /_\d+\.mp4$/.test(f))).toBe(true);
    for (const file of recorded) expect(await decodeErrors(file), file).toBe('');
  });

  it('SIGTERM exits 0 within 5 s and the last segment decodes', async () => {
    const camera = await startCamera({ audio: 'pcma' });
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }]);
    const recorder = startRecorder(config, 'cam1');
    await recorder.waitFor(/: recording$/);
    await sleep(5300);
    const t0 = Date.now();
    recorder.signal('SIGTERM');
    const result = await recorder.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(result.code).toBe(0);
    const files = mp4Files(path.join(dir, 'cam1', 'segments'));
    expect(await decodeErrors(files.at(-1)!)).toBe('');
    expect((await probeFile(files.at(-1)!)).duration).toBeGreaterThan(0);
  });
});

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

// Start time from a segment's name, in ms.
function fileTime(file: string): number {
  const m = /(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/.exec(path.basename(file))!;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

integrationDescribe('recorder and systemd notifications', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('sends READY=1, WATCHDOG=1 while recording and while the camera is down, and STOPPING=1 on SIGTERM', async () => {
    const { NotifySocket } = await import('../support/notify-socket.js');
    const socket = await NotifySocket.start();
    try {
      const camera = await startCamera();
      const dir = tempDir();
      const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { reconnect_delay: 3 });
      const recorder = startRecorder(config, 'cam1', { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '20000000' });
      await waitUntil(() => socket.count('READY=1') > 0, 10_000);
      expect(socket.count('READY=1')).toBe(1);
      await recorder.waitFor(/: recording$/);
      const recordingFrom = Date.now();
      await sleep(5000);
      expect(socket.count('WATCHDOG=1', recordingFrom)).toBeGreaterThanOrEqual(3);
      await camera.stop();
      await recorder.waitFor(/reconnecting in/, 15_000);
      const downFrom = Date.now();
      await sleep(6000);
      expect(socket.count('WATCHDOG=1', downFrom)).toBeGreaterThanOrEqual(4);
      expect(socket.messages.some((m) => m.text.startsWith('STATUS='))).toBe(true);
      recorder.signal('SIGTERM');
      expect((await recorder.exited).code).toBe(0);
      await waitUntil(() => socket.count('STOPPING=1') > 0, 3000);
      expect(socket.count('STOPPING=1')).toBe(1);
      expect(socket.messages.map((m) => m.text).join('\n')).not.toContain('s3cret');
    } finally {
      await socket.stop();
    }
  });
});

// A recorder of a fresh camera caught while its run's first segment waits in staging for the run's
// clock to settle: the first closed, the next being written (the .mp4 names in staging, sorted).
async function recordingWhileFirstSegmentWaits() {
  const camera = await startCamera();
  const dir = tempDir();
  const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }]);
  const recorder = startRecorder(config, 'cam1');
  await recorder.waitFor(/: recording$/);
  const staging = path.join(dir, 'cam1', '.staging');
  const inStaging = () => readdirSync(staging).flatMap((run) => readdirSync(path.join(staging, run)).filter((f) => f.endsWith('.mp4'))).sort();
  expect(await waitUntil(() => inStaging().length >= 2 || undefined, 5000, 50)).toBe(true);
  return { dir, config, recorder, staging, inStaging };
}
