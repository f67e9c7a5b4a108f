/// <reference lib="dom" /> // the functions run in the page by puppeteer see the browser's globals
/// <reference lib="dom.iterable" />
// The page in a real browser (Debian's headless chromium through puppeteer-core) against the real
// `cams-manager serve` over footage the real recorder wrote from the camera simulator: cam1 a run
// across a minute boundary (the minute before it merged, the one after it still segments until a
// test merges it), a gap of about 12 s, a second run; cam2 H.265 beside the first run. Recorded once
// for the file; one browser for every test.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/net/free-port.js';
import { launchBrowser, collectErrors, type TestBrowser } from '../support/browser.js';
import { startCamera } from '../support/camera.js';
import { CliProcess, ROOT, runCli, tempDir, writeConfig } from '../support/cli.js';
import { stopEverything } from '../support/cleanup.js';
import { decodeErrors, probeFile, sleep, waitUntil } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';

const ARTIFACT = path.join(ROOT, 'test-artifacts', 'web-page.png');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'web-viewer.png');

interface Span { start: number; end: number }
interface Footage { runs: Array<Span & { format: string }>; gaps: Span[] }

let dir: string;
let config: string;
let base: string;
let boundary: number; // the minute boundary run A crosses (ms)
let footage: Footage; // of the hour around it, from /api/footage
let gap: Span; // the gap between the recorder's two runs (a loaded machine may add a hiccup of its own)
let runA: Span; // the first run, across the boundary
let runB: Span; // the run after the gap
let server: CliProcess;
let chromium: TestBrowser;
let page: Page;
let errors: string[];

integrationDescribe('the page in headless chromium', ['ffmpeg', 'ffprobe', 'camera-sim', 'chromium'], () => {
  beforeAll(async () => {
    dir = tempDir('cams-web-page-');
    const [camera, h265] = await Promise.all([startCamera({ fps: 15, gop: 15 }), startCamera({ codec: 'h265', width: 320, height: 240, fps: 10, gop: 10 })]);
    config = writeConfig(dir, [{ name: 'cam1', url: camera.url }, { name: 'cam2', url: h265.url }], { merge_delay: 0 });
    boundary = await recordAroundMinute();
    await Promise.all([camera.stop(), h265.stop()]);
    const merge = await runCli(['merge', '-c', config]); // the minute before the boundary; the one after stays segments
    expect(merge.exitCode, merge.stderr).toBe(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = new CliProcess(['serve', '-c', config, '--listen', `127.0.0.1:${port}`]);
    await waitUntil(() => fetch(`${base}/api/cameras`).then((r) => r.status === 200 || server.child.exitCode !== null, () => false), 15_000); // ready once it answers
    expect(server.child.exitCode, server.lines.join('\n')).toBeNull();
    footage = await getJson<Footage>(`/api/footage?camera=cam1&start=${hourOf(boundary).start}&end=${hourOf(boundary).end}`);
    gap = footage.gaps.reduce((a, g) => (g.end - g.start > a.end - a.start ? g : a), { start: 0, end: 0 });
    runA = footage.runs[0]!;
    runB = footage.runs.find((r) => r.start === gap.end) ?? footage.runs.at(-1)!;
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 860 });
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await stopEverything();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the fixture holds a run across a minute boundary, a gap of 10–20 s and a second run', () => {
    const seen = JSON.stringify(footage);
    expect(runA.start, seen).toBeLessThan(boundary - 5000);
    expect(gap.start, seen).toBeGreaterThan(boundary + 5000);
    expect((gap.end - gap.start) / 1000, seen).toSatisfy((s: number) => s >= 10 && s <= 20);
    expect(runB.start, seen).toBe(gap.end);
    expect(runB.end - runB.start, seen).toBeGreaterThan(6000);
    expect(footage.gaps.filter((g) => g !== gap).every((g) => g.end - g.start < 2000), seen).toBe(true); // the recorder's hiccups under load, if any
    expect(readdirSync(path.join(dir, 'cam1', 'segments')).filter((n) => n.endsWith('.mp4')).length).toBeGreaterThan(4); // the minute after the boundary
  });

  it('loads with every camera and its state, and no console error', async () => {
    await page.goto(`${base}/?day=${isoDay(boundary)}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.$$eval('article.camera h2', (h) => h.map((e) => e.textContent))).toEqual(['cam1', 'cam2']);
    expect(await page.$eval('article.camera .state', (e) => [e.className, e.textContent])).toEqual(['state off', expect.not.stringMatching(/^recording$/)]); // the recorder has stopped
    expect(await page.$eval('article.camera .facts', (e) => e.textContent)).toMatch(/^newest footage .* ago · today \d+\.\d % covered, \d+ gaps? · h264/);
    expect(errors).toEqual([]);
  });

  it('draws the runs and the gap where their times fall on the day (±1 px), and to scale in the hour', async () => {
    const day = dayOf(boundary);
    const drawn = await drawnSpans();
    expect(drawn.width).toBeGreaterThan(1000);
    expect(drawn.view).toEqual(day);
    const place = (ms: number) => ((ms - day.start) / (day.end - day.start)) * drawn.width;
    for (const [i, run] of footage.runs.entries()) {
      expect(Math.abs(drawn.runs[i]!.left - place(run.start))).toBeLessThanOrEqual(1);
      expect(Math.abs(drawn.runs[i]!.right - place(run.end))).toBeLessThanOrEqual(1);
    }
    const g = footage.gaps.indexOf(gap);
    expect(Math.abs(drawn.gaps[g]!.left - place(gap.start))).toBeLessThanOrEqual(1);

    await zoomToHour(boundary);
    const hour = hourOf(boundary);
    const zoomed = await drawnSpans();
    expect(zoomed.view).toEqual(hour);
    const perSecond = zoomed.width / 3600;
    expect(Math.abs(zoomed.gaps[g]!.left - (gap.start - hour.start) / 1000 * perSecond)).toBeLessThanOrEqual(1);
    expect(Math.abs(zoomed.gaps[g]!.right - zoomed.gaps[g]!.left - (gap.end - gap.start) / 1000 * perSecond)).toBeLessThanOrEqual(1);
    const b = footage.runs.indexOf(runB as Footage['runs'][number]);
    expect(zoomed.runs[b - 1]!.right).toBeCloseTo(zoomed.gaps[g]!.left, 1);
    expect(zoomed.runs[b]!.left).toBeCloseTo(zoomed.gaps[g]!.right, 1);
    expect(await activityBars()).toBeGreaterThan(0);
  });

  it('a click on the timeline plays from that moment: currentTime advances and the clock shows the clicked time ± 1 s', async () => {
    const clicked = await clickAt(boundary - 4000);
    const first = await firstPlayingFrame();
    expect(Math.abs(first.instant - clicked)).toBeLessThanOrEqual(1000);
    expect(first.text).toBe(localDateTime(first.instant));
    const later = await waitUntil(() => page.$eval('video', (v) => v.currentTime), 5000);
    await waitUntil(async () => (await page.$eval('video', (v) => v.currentTime)) > later + 0.5, 5000);
    expect(await page.$eval('video', (v) => v.currentTime)).toBeGreaterThan(later + 0.5);
  });

  it('plays on across the minute boundary (into another file) and over the gap, the clock jumping it', async () => {
    await page.$eval('video', (v) => (v.playbackRate = 2));
    expect(await waitForClock((t) => t > boundary + 1500, 15_000)).toBeGreaterThan(boundary + 1500);
    await clickAt(gap.start - 3000);
    await firstPlayingFrame();
    await page.$eval('video', (v) => (v.playbackRate = 2));
    const seen = await clockSamples((t) => t > gap.end + 1000, 20_000);
    expect(seen.at(-1)).toBeGreaterThan(gap.end + 1000);
    expect(seen.filter((t) => t > gap.start + 1000 && t < gap.end - 1000)).toEqual([]);
    expect(await page.$eval('#note', (e) => e.textContent)).toMatch(/skipped a gap of (1\d|20) s/);
  });

  it('← and → move the clock 10 s back and forth', async () => {
    await clickAt(runA.start + 15_000);
    await firstPlayingFrame();
    await page.$eval('video', (v) => v.pause());
    const before = await clockInstant();
    await page.keyboard.press('ArrowLeft');
    expect(Math.abs((await waitForClock((t) => t < before - 5000, 5000)) - (before - 10_000))).toBeLessThanOrEqual(1000);
    await page.keyboard.press('ArrowRight');
    expect(Math.abs((await waitForClock((t) => t > before - 5000, 5000)) - before)).toBeLessThanOrEqual(1000);
  });

  it('an H.265 camera, which this chromium cannot decode, gets a sentence and its download instead of a black box', async () => {
    const h265 = (await getJson<Footage>(`/api/footage?camera=cam2&start=${hourOf(boundary).start}&end=${hourOf(boundary).end}`)).runs[0]!;
    expect(h265.format).toMatch(/^h265 320x240/);
    expect(await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"'))).toBe(false);
    await clickAt(h265.start + 3000, 'cam2');
    await page.waitForSelector('#unplayable:not([hidden])');
    expect(await page.$eval('#unplayable', (p) => p.textContent)).toMatch(/^cam2 records H\.265 \(HEVC\), which this browser cannot play\. Download .* and watch it in VLC or mpv\.$/);
    expect(await page.$eval('video', (v) => v.hidden)).toBe(true);
    const href = await page.$eval('#unplayable a', (a) => (a as HTMLAnchorElement).href);
    expect(new URL(href).searchParams.get('camera')).toBe('cam2');
    expect(Date.parse(new URL(href).searchParams.get('start')!)).toBe(await clockInstant());
  });

  it('"Latest" plays from 5 s before the newest footage and then waits for newer footage', async () => {
    await page.click('article[data-camera="cam1"] .latest');
    const first = await waitForClock((t) => t > runB.start, 5000);
    expect(Math.abs(first - (runB.end - 5000))).toBeLessThanOrEqual(1500);
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'waiting for newer footage…', { timeout: 15_000 });
    expect(await page.$eval('video', (v) => v.hidden)).toBe(false);
  });

  it('a range selected by shift-drag across a minute boundary downloads as an MP4 that decodes', async () => {
    const downloads = path.join(dir, 'downloads');
    mkdirSync(downloads);
    const session = await chromium.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const from = boundary - 8000; // the end of the merged minute and the start of the next minute's segments
    const to = boundary + 5000;
    await page.keyboard.down('Shift');
    await page.mouse.move(...(await timelinePoint(from)));
    await page.mouse.down();
    await page.mouse.move(...(await timelinePoint(to)), { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await page.$eval('#download', (a) => a.textContent)).toMatch(/^Download 1[234] s of cam1$/);
    await page.click('#download');
    const file = await waitUntil(() => readdirSync(downloads).find((f) => f.endsWith('.mp4')), 30_000);
    expect(file).toMatch(/^cam1_\d{8}_\d{6}_\d{6}\.mp4$/);
    const out = path.join(downloads, file!);
    expect(await decodeErrors(out)).toBe('');
    const probed = await probeFile(out);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264']);
    expect(probed.duration).toBeGreaterThan(11);
  });

  it('a file the merge removed since the playlist was made (404): the page loads the playlist again there and plays on', async () => {
    const missing: string[] = [];
    page.on('response', (r) => r.status() === 404 && missing.push(new URL(r.url()).pathname));
    const errorsBefore = errors.length;
    await clickAt(runA.start + 2000); // in the merged minute; run A's end and run B are segments
    await firstPlayingFrame();
    await page.$eval('video', (v) => v.pause());
    await sleep(1500); // hls.js buffers 20 s ahead: not as far as run B
    const merge = await runCli(['merge', '-c', config, '--all']);
    expect(merge.exitCode, merge.stderr).toBe(0);
    await page.$eval('video', (v) => ((v.playbackRate = 4), v.play()));
    expect(await waitForClock((t) => t > runB.start + 2000, 30_000), await playerState()).toBeGreaterThan(runB.start + 2000);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((p) => p.startsWith('/files/cam1/segments/'))).toBe(true);
    expect(errors.slice(errorsBefore).every((e) => /status of 404/.test(e))).toBe(true); // the browser's own line for each
    errors.splice(errorsBefore);
    expect(await page.$eval('#status', (e) => e.textContent)).toBe('');
  });

  it('keeps a screenshot of the page, with no console error all along', async () => {
    await clickAt(boundary - 2000);
    await firstPlayingFrame();
    await sleep(800);
    expect(await showFrameForScreenshot()).toBeGreaterThan(8); // colours of the test picture, not a black box
    await page.mouse.move(1, 1); // no hover label over the rows
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    if (process.env.WEB_SCREENSHOT_DOCS === '1') copyFileSync(ARTIFACT, DOCS_SCREENSHOT);
    expect(existsSync(ARTIFACT)).toBe(true);
    expect(errors).toEqual([]);
  });
});

// Records cam1's run A from ~25 s before a minute boundary (not an hour's, so one hour shows it all)
// to 7 s after it, with cam2 beside it; stops for 12 s; records cam1's run B for 10 s. Returns the boundary.
async function recordAroundMinute(): Promise<number> {
  for (;;) {
    const now = new Date();
    const next = new Date(now).setSeconds(60, 0);
    if (now.getSeconds() >= 28 && now.getSeconds() < 34 && new Date(next).getMinutes() !== 0) break;
    await sleep(((88 - now.getSeconds()) % 60) * 1000 - now.getMilliseconds() + 50);
  }
  const a = [new CliProcess(['record', 'cam1', '-c', config, '-v']), new CliProcess(['record', 'cam2', '-c', config, '-v'])];
  await Promise.all(a.map((r) => r.waitFor(/: recording$/)));
  const boundary = new Date().setSeconds(60, 0);
  await sleep(boundary + 7000 - Date.now());
  expect((await Promise.all(a.map((r) => r.stop()))).map((r) => r.code)).toEqual([0, 0]);
  await sleep(12_000);
  const b = new CliProcess(['record', 'cam1', '-c', config, '-v']);
  await b.waitFor(/: recording$/);
  await sleep(10_000);
  expect((await b.stop()).code).toBe(0);
  return boundary;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(base + url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

// The drawn rects of runs and gaps: left and right edges in CSS px from the timeline's left edge.
async function drawnSpans(): Promise<{ width: number; view: Span; runs: Array<{ left: number; right: number }>; gaps: Array<{ left: number; right: number }> }> {
  return page.$eval('article[data-camera="cam1"] svg.timeline', (svg) => {
    const box = svg.getBoundingClientRect();
    const edges = (selector: string) => [...svg.querySelectorAll(selector)].map((r) => {
      const b = r.getBoundingClientRect();
      return { left: b.left - box.left, right: b.right - box.left };
    });
    const data = (svg as SVGElement).dataset;
    return { width: box.width, view: { start: Number(data.viewStart), end: Number(data.viewEnd) }, runs: edges('rect.run'), gaps: edges('rect.gap') };
  });
}

async function zoomToHour(ms: number): Promise<void> {
  await page.select('#zoom', String(new Date(ms).getHours()));
  await page.waitForFunction((start) => document.querySelector('svg.timeline')?.getAttribute('data-view-start') === String(start), {}, hourOf(ms).start);
}

// Headless chromium's screenshots leave out the video layer: the frame on screen is drawn into a
// canvas laid over it. Returns how many distinct colours the frame has.
async function showFrameForScreenshot(): Promise<number> {
  return page.$eval('video', (video) => {
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width: video.videoWidth, height: video.videoHeight });
    Object.assign(canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', objectFit: 'contain' });
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    video.parentElement!.append(canvas);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add(((data[i]! >> 5) << 6) | ((data[i + 1]! >> 5) << 3) | (data[i + 2]! >> 5));
    return colours.size;
  });
}

async function activityBars(): Promise<number> {
  return page.$eval('article[data-camera="cam1"] canvas.activity', (canvas) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

// The point of the timeline (viewport px) showing ms.
async function timelinePoint(ms: number, camera = 'cam1'): Promise<[number, number]> {
  return page.$eval(`article[data-camera="${camera}"] svg.timeline`, (svg, at) => {
    svg.scrollIntoView({ block: 'nearest' });
    const box = svg.getBoundingClientRect();
    const data = (svg as SVGElement).dataset;
    const x = box.left + ((at - Number(data.viewStart)) / (Number(data.viewEnd) - Number(data.viewStart))) * box.width;
    return [x, box.top + box.height * 0.6] as [number, number];
  }, ms);
}

// Clicks the timeline at ms; returns the instant the page took from the click (its player's target).
async function clickAt(ms: number, camera = 'cam1'): Promise<number> {
  await page.evaluate(() => {
    const video = document.querySelector('video')!;
    (window as unknown as { firstPlaying: Promise<unknown> }).firstPlaying = new Promise((resolve) => {
      const seen = () => {
        video.removeEventListener('playing', seen);
        resolve({ instant: Number(document.getElementById('clock')!.dataset.instant), text: document.querySelector('#clock .when')!.textContent });
      };
      video.addEventListener('playing', seen);
    });
  });
  const [x, y] = await timelinePoint(ms, camera);
  await page.mouse.click(x, y);
  return page.$eval('#clock', (c) => Number((c as HTMLElement).dataset.instant));
}

// The clock at the first 'playing' after the last click.
async function firstPlayingFrame(): Promise<{ instant: number; text: string }> {
  return page.evaluate(() => (window as unknown as { firstPlaying: Promise<{ instant: number; text: string }> }).firstPlaying);
}

// What the player shows and the video's state, for a failure's message.
async function playerState(): Promise<string> {
  return page.$eval('video', (v) => {
    const buffered = [...Array(v.buffered.length).keys()].map((i) => `${v.buffered.start(i).toFixed(2)}-${v.buffered.end(i).toFixed(2)}`).join(' ');
    const text = (id: string) => document.getElementById(id)!.textContent;
    return `clock ${text('clock')}; status "${text('status')}"; note "${text('note')}"; video at ${v.currentTime.toFixed(2)} paused ${v.paused} ended ${v.ended} readyState ${v.readyState} buffered ${buffered} error ${v.error?.message ?? 'none'}`;
  });
}

async function clockInstant(): Promise<number> {
  return page.$eval('#clock', (c) => Number((c as HTMLElement).dataset.instant));
}

async function waitForClock(ok: (t: number) => boolean, timeoutMs: number): Promise<number> {
  const samples = await clockSamples(ok, timeoutMs);
  return samples.at(-1)!;
}

// The clock's instants every 100 ms until ok() holds for one (or timeoutMs passes).
async function clockSamples(ok: (t: number) => boolean, timeoutMs: number): Promise<number[]> {
  const samples: number[] = [];
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    samples.push(await clockInstant());
    if (ok(samples.at(-1)!)) break;
    await sleep(100);
  }
  return samples;
}

const pad = (n: number) => String(n).padStart(2, '0');
function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${isoDay(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
function dayOf(ms: number): Span {
  const d = new Date(ms);
  return { start: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), end: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() };
}
function hourOf(ms: number): Span {
  const start = new Date(ms).setMinutes(0, 0, 0);
  return { start, end: start + 3_600_000 };
}
