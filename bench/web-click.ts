/// <reference lib="dom" /> // the functions run in the page by puppeteer see the browser's globals
// Click-to-first-frame benchmark (not a test): the page in Debian's headless chromium against
// `cams-manager serve` on 127.0.0.1, over MINUTES merged minutes of 1080p (a real minute encoded
// at 4 Mbit/s, a keyframe every 2 s, cut as the recorder cuts it, copied under each minute's names,
// merged by `cams-manager merge`). Each click is on the hour's timeline at another instant, with
// the video paused before it; the time runs from the click (pointerup, in the page) to the video's
// first `playing` after it: the playlist, the init part, the first fragment, decoding. The first
// click warms nothing on purpose (cold fragment tables); prints every time and the median.
//
//   npm run bench:web-click -- [--clicks 9] [--minutes 10]
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/net/free-port.js';
import { parseSegmentName, segmentFileName } from '../src/recorder/naming.js';
import { launchBrowser } from '../test/support/browser.js';
import { makeSegments } from '../test/support/segments.js';

const { values } = parseArgs({ options: { clicks: { type: 'string', default: '9' }, minutes: { type: 'string', default: '10' } } });
const CLICKS = Number(values.clicks);
const MINUTES = Number(values.minutes);
const CLI = path.resolve(import.meta.dirname, '../../bin/cams-manager.js');

const root = mkdtempSync(path.join(tmpdir(), 'cams-bench-click-'));
const now = new Date();
const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 2, 10, 0, 0); // 10:00 two days ago, local
const config = path.join(root, 'config.yaml');
writeFileSync(config, `cameras:\n  - name: bench\n    rtsp_url: rtsp://127.0.0.1/none\n    output_dir: ${path.join(root, 'cam')}\nrecording:\n  merge_delay: 0\n`);
const port = await freePort();
let server: ReturnType<typeof spawn> | undefined;
const chromium = await launchBrowser();
try {
  process.stderr.write(`making and merging ${MINUTES} minutes of 1080p…\n`);
  await makeMinutes(path.join(root, 'cam'));
  server = spawn(process.execPath, [CLI, 'serve', '-c', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForServer(`http://127.0.0.1:${port}/api/cameras`);
  const page = await chromium.browser.newPage();
  await page.setViewport({ width: 1280, height: 860 });
  const pad = (n: number) => String(n).padStart(2, '0');
  await page.goto(`http://127.0.0.1:${port}/?day=${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}&hour=${start.getHours()}`);
  await page.waitForSelector('body[data-ready="true"]');
  const times: number[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const at = start.getTime() + ((i * 7919) % (MINUTES * 60 - 20)) * 1000 + 5000; // spread over the minutes, never the same
    times.push(await clickToFirstFrame(page, at));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`click to first frame, ${CLICKS} clicks over ${MINUTES} merged minutes of 1080p at 4 Mbit/s, 127.0.0.1:`);
  console.log(`  median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (the first, cold: ${times[0]!.toFixed(0)} ms; all: ${times.map((t) => t.toFixed(0)).join(' ')})`);
} finally {
  await chromium.close();
  server?.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}

// Pauses, clicks the timeline at ms, and returns the ms from the click to the first `playing`.
async function clickToFirstFrame(page: import('puppeteer-core').Page, ms: number): Promise<number> {
  const [x, y] = await page.evaluate((at) => {
    const video = document.querySelector('video')!;
    video.pause();
    const svg = document.querySelector<SVGSVGElement>('svg.timeline')!;
    const box = svg.getBoundingClientRect();
    const x = box.left + ((at - Number(svg.dataset.viewStart)) / (Number(svg.dataset.viewEnd) - Number(svg.dataset.viewStart))) * box.width;
    (window as unknown as { clicked: Promise<number> }).clicked = new Promise((resolve) => {
      svg.addEventListener('pointerup', () => {
        const clickedAt = performance.now();
        video.addEventListener('playing', () => resolve(performance.now() - clickedAt), { once: true });
      }, { once: true, capture: true });
    });
    return [x, box.top + box.height * 0.6];
  }, ms);
  await page.mouse.click(x!, y!);
  return page.evaluate(() => (window as unknown as { clicked: Promise<number> }).clicked);
}

// One minute encoded and cut into segments, copied under the names of each minute, then merged.
async function makeMinutes(camera: string): Promise<void> {
  const minute = path.join(root, 'minute');
  const segments = path.join(camera, 'segments');
  await makeSegments(minute, { start, seconds: 60, size: '1920x1080', fps: 25, keyframeSeconds: 2, bitrate: '4M', audio: false });
  mkdirSync(segments, { recursive: true });
  for (const name of readdirSync(minute)) {
    const at = parseSegmentName(name)!.start.getTime();
    for (let m = 0; m < MINUTES; m++) copyFileSync(path.join(minute, name), path.join(segments, segmentFileName(at + m * 60_000)));
  }
  const merge = spawnSync(process.execPath, [CLI, 'merge', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (merge.status !== 0) throw new Error(`cams-manager merge failed (exit ${merge.status})`);
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 10 s`);
}
