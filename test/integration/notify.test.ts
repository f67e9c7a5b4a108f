import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startCamera, stopAllCameras } from '../support/camera.js';
import { CliProcess, runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { mp4Files, sleep, waitUntil } from '../support/media.js';
import { CANARY_TOKEN, leakedCanaries, SECRET_ENV, writeNotifyConfig } from '../support/notify-config.js';
import { integrationDescribe } from '../support/tools.js';

const apis: FakeTelegram[] = [];
async function fakeApi(): Promise<FakeTelegram> {
  const api = await FakeTelegram.start();
  apis.push(api);
  return api;
}
afterEach(async () => {
  await stopAllCli();
  await stopAllCameras();
  await Promise.all(apis.splice(0).map((a) => a.stop()));
});
afterAll(async () => {
  await stopAllCli();
  await stopAllCameras();
});

const texts = (api: FakeTelegram) => api.messages.map((m) => m.text);

// A fake Bot API, a simulated camera, and a recorder of it that notifies the API, once recording.
async function recordWithNotifications(timing: { lostGrace: number; minInterval: number }) {
  const api = await fakeApi();
  const camera = await startCamera();
  const dir = tempDir();
  const config = writeNotifyConfig(dir, { cameraUrl: camera.url, apiUrl: api.url, ...timing });
  const recorder = new CliProcess(['record', 'cam1', '-c', config, '-v'], SECRET_ENV);
  await recorder.waitFor(/: recording$/);
  return { api, camera, dir, recorder };
}

integrationDescribe('notify --test', [], () => {
  it('sends a test message with the token from bot_token_file and reports the answer in one line', async () => {
    const api = await fakeApi();
    const dir = tempDir();
    const config = writeNotifyConfig(dir, { cameraUrl: 'rtsp://127.0.0.1:9/cam', apiUrl: api.url, lostGrace: 30, minInterval: 60 });
    const ok = await runCli(['notify', '--test', '-c', config]);
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'Telegram answered: 200 OK (message 1)' });
    expect(api.messages[0]!.path).toBe(`/bot${CANARY_TOKEN}/sendMessage`);
    expect(api.messages[0]!.text).toMatch(/test message/);
    api.mode = 'error';
    const failed = await runCli(['notify', '--test', '-c', config]);
    expect(failed).toMatchObject({ exitCode: 1, stdout: 'Telegram answered: 500 Internal Server Error' });
    expect(leakedCanaries(dir, [ok.stdout, ok.stderr, failed.stdout, failed.stderr, ...api.attempts.map((m) => m.raw)])).toEqual([]);
  });
});

integrationDescribe('notify "message"', [], () => {
  it('sends the given text as it is, with the token from bot_token_file, and reports the answer in one line', async () => {
    const api = await fakeApi();
    const dir = tempDir();
    const config = writeNotifyConfig(dir, { cameraUrl: 'rtsp://127.0.0.1:9/cam', apiUrl: api.url, lostGrace: 30, minInterval: 60 });
    const r = await runCli(['notify', 'backup finished: 12 files', '-c', config]);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'Telegram answered: 200 OK (message 1)', stderr: '' });
    expect(api.messages.map((m) => [m.path, m.chatId, m.text])).toEqual([[`/bot${CANARY_TOKEN}/sendMessage`, -100123, 'backup finished: 12 files']]);
    expect(leakedCanaries(dir, [r.stdout, r.stderr])).toEqual([]);
  });

  it('without a notify.telegram section it is a config error (78) saying what to add', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, [{ name: 'cam1', url: 'rtsp://127.0.0.1:9/cam' }]);
    const r = await runCli(['notify', 'hello', '-c', config]);
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toBe(
      `cams-manager: config "${config}" has no notify.telegram section: Telegram is not set up\n` +
        '  add notify.telegram with bot_token (or bot_token_file) and chat_id; config.yaml.example shows how',
    );
  });

  it('with neither a message nor --test, or with both, it is a usage error (64) showing both forms', async () => {
    const api = await fakeApi();
    const config = writeNotifyConfig(tempDir(), { cameraUrl: 'rtsp://127.0.0.1:9/cam', apiUrl: api.url, lostGrace: 30, minInterval: 60 });
    const none = await runCli(['notify', '-c', config]);
    expect(none.exitCode).toBe(64);
    expect(none.stderr).toMatch(/^cams-manager: notify: nothing to send: give a message, or --test\n {2}cams-manager notify "backup finished"\n {2}cams-manager notify --test$/);
    const both = await runCli(['notify', 'hello', '--test', '-c', config]);
    expect(both.exitCode).toBe(64);
    expect(both.stderr).toMatch(/^cams-manager: notify: give a message or --test, not both\n/);
    expect(api.attempts).toEqual([]);
  });
});

integrationDescribe('Telegram notifications from a recorder', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  it('a camera that flaps 10 times within min_interval sends one summary, not a flood', async () => {
    const { api, camera, dir, recorder } = await recordWithNotifications({ lostGrace: 30, minInterval: 60 });
    const firstDrop = Date.now();
    for (let flap = 0; flap < 10; flap++) {
      const from = recorder.lines.length;
      await camera.restart(); // down for a moment, like a camera rebooting its stream
      await recorder.waitFor(/recording again after \d+ s/, 30_000, from);
    }
    expect(Date.now() - firstDrop).toBeLessThan(60_000); // all 10 within one min_interval
    expect(texts(api)).toEqual([]); // held: the summary goes when min_interval ends
    await api.waitFor(() => true, 45_000);
    await sleep(5000);
    expect(texts(api)).toHaveLength(1);
    expect(texts(api)[0]).toMatch(/cam1/);
    expect(texts(api)[0]).toMatch(/unstable|dropped/);
    await recorder.stop();
    expect(leakedCanaries(dir, [recorder.lines.join('\n'), ...api.attempts.map((m) => m.raw)])).toEqual([]);
  });

  it('a 5 s outage sends nothing; a 40 s outage sends exactly one "lost" and one "back (gone 40 s)"', async () => {
    // lost_grace 15 s (default 30): both keep the 5 s → nothing, 40 s → lost + back shape.
    const { api, camera, dir, recorder } = await recordWithNotifications({ lostGrace: 15, minInterval: 5 });
    await sleep(3000);
    await camera.stop();
    await sleep(5000);
    await camera.restart();
    await recorder.waitFor(/recording again after \d+ s/, 20_000);
    await sleep(3000);
    expect(texts(api)).toEqual([]);
    const from = recorder.lines.length;
    await camera.stop();
    await sleep(40_000);
    await camera.restart();
    await recorder.waitFor(/recording again after \d+ s/, 30_000, from);
    await api.waitFor((m) => /back/.test(m.text), 10_000);
    await sleep(6000); // min_interval: anything held would have been sent by now
    expect(texts(api)).toHaveLength(2);
    expect(texts(api)[0]).toMatch(/^🔴 cam1: lost, no footage for 1\d s \(/);
    const gone = Number(/^🟢 cam1: back \(gone (\d+) s\)$/.exec(texts(api)[1]!)?.[1]);
    // Measured by the recorder: the 40 s, plus the reconnect backoff (up to a quarter of the outage).
    expect(gone).toBeGreaterThanOrEqual(38);
    expect(gone).toBeLessThanOrEqual(60);
    await recorder.stop();
    expect(leakedCanaries(dir, [recorder.lines.join('\n'), ...api.attempts.map((m) => m.raw)])).toEqual([]);
  });

  it('while the API hangs or answers 500, recording goes on, and the messages arrive once it recovers', async () => {
    const { api, camera, dir, recorder } = await recordWithNotifications({ lostGrace: 2, minInterval: 1 });
    api.mode = 'hang';
    await camera.stop();
    await waitUntil(() => api.attempts.length > 0, 15_000); // the "lost" message, hanging
    await camera.restart();
    await recorder.waitFor(/recording again after \d+ s/, 20_000);
    const segments = path.join(dir, 'cam1', 'segments');
    const before = mp4Files(segments).length;
    await sleep(8000);
    expect(mp4Files(segments).length).toBeGreaterThanOrEqual(before + 3); // 2 s segments keep coming
    api.mode = 'error';
    await sleep(6000);
    expect(api.messages).toEqual([]);
    expect(mp4Files(segments).length).toBeGreaterThanOrEqual(before + 6);
    api.mode = 'ok';
    await api.waitFor((m) => /back/.test(m.text), 40_000).catch((error: Error) => {
      const attempts = api.attempts.map((m) => `${new Date(m.at).toISOString()} ${m.text}`);
      throw new Error(`${error.message}\nattempts:\n${attempts.join('\n')}\nrecorder:\n${recorder.lines.filter((l) => /notif|Telegram/.test(l)).join('\n')}`);
    });
    expect(texts(api).join('\n')).toMatch(/lost/);
    expect(recorder.lines.join('\n')).toMatch(/notification not delivered .*retrying in the background/);
    expect((await recorder.stop()).code).toBe(0);
    expect(leakedCanaries(dir, [recorder.lines.join('\n'), ...api.attempts.map((m) => m.raw)])).toEqual([]);
  });
});
