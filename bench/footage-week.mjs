// A week (or any days) of merged minute files as the merge leaves them, for the benchmarks of the
// footage catalogue (bench/catalogue.mjs) and the web API (bench/web-api.mjs).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minuteStamp } from '../dist/recorder/naming.js';

// cam0…camN-1 under root, each with a merged minute up to 9 minutes before minuteNow and a gap of a
// minute every 3 hours (a camera that reconnects); writes root/config.yaml and returns its path.
export function generateFootage(root, { cameras, days, minuteNow }) {
  const lines = ['cameras:'];
  for (let c = 0; c < cameras; c++) {
    const dir = path.join(root, `cam${c}`);
    for (const sub of ['merged', 'segments', '.footage']) mkdirSync(path.join(dir, sub), { recursive: true });
    for (let m = days * 1440; m >= 9; m--) {
      if (m % 180 === 0) continue;
      addMinute(dir, minuteNow - m * 60_000);
    }
    lines.push(`  - {name: cam${c}, rtsp_url: "rtsp://127.0.0.1/cam${c}", output_dir: cam${c}}`);
  }
  const config = path.join(root, 'config.yaml');
  writeFileSync(config, lines.join('\n') + '\n');
  return config;
}

// A merged minute as the merge leaves it: the file, then its index line (times a little off the
// minute, as a camera's are; the size of a 4 Mbit/s minute).
export function addMinute(dir, minute) {
  const name = `${minuteStamp(minute)}.mp4`;
  const offset = (at) => ((at / 60_000) % 7) * 91;
  const start = minute + offset(minute);
  const end = minute + 60_000 + offset(minute + 60_000) - 40; // 40 ms before the next file starts
  writeFileSync(path.join(dir, 'merged', name), 'x'.repeat(100));
  appendFileSync(path.join(dir, '.footage', `${name.slice(0, 8)}.jsonl`), JSON.stringify({ name, start, end, format: 'h264 1920x1080 + aac', bytes: 30_000_000 + ((minute / 60_000) % 1000) * 1013 }) + '\n');
}
