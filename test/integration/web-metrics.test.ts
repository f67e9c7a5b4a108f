// /metrics of the real `cams-manager serve` over a real recorder and the camera simulator: the text
// is valid Prometheus (promtool check metrics), follows the camera when it stops, and shows the
// last merge and clean once they have run.
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { freePort, startCamera } from '../support/camera.js';
import { CliProcess, ROOT, runCli, tempDir } from '../support/cli.js';
import { stopEverythingAfterEachTest } from '../support/cleanup.js';
import { sleep, waitUntil } from '../support/media.js';
import { leakedCanaries, SECRET_ENV, writeNotifyConfig } from '../support/notify-config.js';
import { integrationDescribe } from '../support/tools.js';

stopEverythingAfterEachTest();

interface Scrape {
  text: string;
  contentType: string | null;
  value(name: string, labels?: Record<string, string>): number | undefined;
}

async function scrape(base: string): Promise<Scrape> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, contentType: response.headers.get('content-type'), value: (name, labels = { camera: 'cam1' }) => valueOf(text, name, labels) };
}

// The value of the sample with exactly these labels (the formatter writes them in a fixed order).
function valueOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  const selector = `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}} `;
  const line = text.split('\n').find((l) => l.startsWith(selector));
  return line === undefined ? undefined : Number(line.slice(selector.length));
}

async function promtoolCheck(text: string): Promise<{ exitCode: number; output: string }> {
  const r = await execa('promtool', ['check', 'metrics'], { input: text, reject: false });
  return { exitCode: r.exitCode ?? -1, output: `${r.stdout}${r.stderr}` };
}

integrationDescribe('/metrics of cams-manager serve', ['ffmpeg', 'ffprobe', 'camera-sim', 'promtool'], () => {
  it('is valid Prometheus text that says the camera records, then that it does not, one outage, and its newest footage ageing once the camera stops, and shows the last merge and clean after they ran; never a secret', async () => {
    const camera = await startCamera();
    const dir = tempDir('cams-metrics-');
    const config = writeNotifyConfig(dir, { cameraUrl: camera.url, apiUrl: 'http://127.0.0.1:9', lostGrace: 30, minInterval: 60 });
    const recorder = new CliProcess(['record', 'cam1', '-c', config, '-v'], SECRET_ENV);
    const port = await freePort();
    const server = new CliProcess(['serve', '--listen', `127.0.0.1:${port}`, '-c', config], SECRET_ENV);
    const base = `http://127.0.0.1:${port}`;
    // Listening once it answers (its log line is not what this test is about).
    const answering = await waitUntil(() => fetch(`${base}/metrics`, { method: 'HEAD' }).then((r) => r.ok, () => false), 20_000, 200);
    expect(answering, `serve answers within 20 s; its output:\n${server.lines.join('\n')}`).toBe(true);
    await recorder.waitFor(/: recording$/);

    const up = await waitUntil(async () => {
      const s = await scrape(base);
      // Recording, with a segment admitted into segments/ (the one being recorded is in .staging/).
      return s.value('cams_camera_recording') === 1 && (s.value('cams_footage_newest_age_seconds') ?? 99) <= 5 && s.value('cams_footage_bytes')! > 0 ? s : undefined;
    }, 30_000, 1000);
    expect(up, 'cams_camera_recording 1 with fresh footage on disk within 30 s').toBeDefined();
    expect(up!.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await promtoolCheck(up!.text)).toEqual({ exitCode: 0, output: '' });
    expect(up!.value('cams_recorder_state', { camera: 'cam1', state: 'recording' })).toBe(1);
    expect(up!.value('cams_coverage_today_ratio')).toBeGreaterThan(0);
    expect(up!.value('cams_segments_waiting')).toBeGreaterThanOrEqual(1);
    expect(up!.value('cams_recorder_start_time_seconds')).toBeCloseTo(Date.now() / 1000, -2);
    expect(up!.value('cams_camera_outages_total')).toBe(0);
    expect(up!.text).toMatch(/^cams_disk_free_bytes\{path="[^"]+"\} \d+$/m);
    expect(up!.value('cams_merge_last_run_timestamp_seconds')).toBeUndefined(); // no merge has run yet

    await camera.stop();
    const down = await waitUntil(async () => {
      const s = await scrape(base);
      return s.value('cams_camera_recording') === 0 ? s : undefined;
    }, 30_000, 1000);
    expect(down, 'cams_camera_recording 0 within 30 s of the camera stopping').toBeDefined();
    expect(down!.value('cams_recorder_state', { camera: 'cam1', state: 'recording' })).toBe(0);
    expect(down!.value('cams_camera_outages_total')).toBe(1);
    const ageThen = down!.value('cams_footage_newest_age_seconds')!;
    await sleep(3000);
    const later = await scrape(base);
    expect(later.value('cams_footage_newest_age_seconds')).toBeGreaterThanOrEqual(ageThen + 2);
    expect(await promtoolCheck(later.text)).toEqual({ exitCode: 0, output: '' });

    expect((await recorder.stop()).code).toBe(0);
    const stopped = await scrape(base);
    expect(stopped.value('cams_recorder_state', { camera: 'cam1', state: 'stopped' })).toBe(1);
    expect(stopped.value('cams_segments_waiting')).toBeGreaterThanOrEqual(1);
    const beforeMerge = Date.now() / 1000;
    const merged = await runCli(['--all', '-c', config], SECRET_ENV, undefined, 'cams-merge');
    expect(merged.exitCode, merged.stderr).toBe(0);
    const cleaned = await runCli(['clean', '-c', config], SECRET_ENV);
    expect(cleaned.exitCode, cleaned.stderr).toBe(0);
    const after = await scrape(base);
    expect(after.value('cams_segments_waiting')).toBe(0);
    for (const job of ['merge', 'clean']) {
      expect(after.value(`cams_${job}_last_run_timestamp_seconds`), job).toBeGreaterThanOrEqual(Math.floor(beforeMerge) - 1);
      expect(after.value(`cams_${job}_last_run_timestamp_seconds`), job).toBeLessThanOrEqual(Date.now() / 1000);
      expect(after.value(`cams_${job}_last_run_success`), job).toBe(1);
      expect(after.value(`cams_${job}_last_run_exit_code`), job).toBe(0);
      expect(after.value(`cams_${job}_last_run_duration_seconds`), job).toBeGreaterThanOrEqual(0);
      expect(after.value(`cams_${job}_last_success_timestamp_seconds`), job).toBe(after.value(`cams_${job}_last_run_timestamp_seconds`));
    }
    expect(await promtoolCheck(after.text)).toEqual({ exitCode: 0, output: '' });

    const texts = [up!.text, down!.text, later.text, stopped.text, after.text];
    expect(texts.some((t) => t.includes(camera.url.replace('rtsp://', '')))).toBe(false); // no RTSP URL, not even its host:port
    expect(leakedCanaries(dir, [...texts, server.lines.join('\n')])).toEqual([]);
  });

  it('the alert rules README quotes pass promtool check rules, and their tests fire them at 2 minutes of not recording, on a low disk and on an off-site copy past max_lag', async () => {
    const rules = path.join(ROOT, 'docs/prometheus/cams-alerts.yml');
    const check = await execa('promtool', ['check', 'rules', rules], { reject: false });
    expect(check.exitCode, `${check.stdout}${check.stderr}`).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 3 rules found');
    const tested = await execa('promtool', ['test', 'rules', path.join(ROOT, 'docs/prometheus/cams-alerts.test.yml')], { reject: false });
    expect(tested.exitCode, `${tested.stdout}${tested.stderr}`).toBe(0);
  });
});
