// Playback over HTTP, end to end: the real recorder records the camera simulator across a minute
// boundary and stops; the real merge joins that into minute files; after a gap it records again
// (segments not merged yet); the real `cams-manager serve` answers the playlist, and real FFmpeg
// plays it over HTTP.
//
// FFmpeg 5.1 (Debian 12's 5.1.x) plays our byte-range fMP4 HLS as it is, with no option: the
// playlist is found by its content (#EXTM3U), `.mp4` is among the hls demuxer's default
// allowed_extensions (and allowed_segment_extensions, with extension_picky, in Debian's
// backport), EXT-X-MAP with BYTERANGE and EXT-X-BYTERANGE are read as HTTP Range requests, one
// persistent connection (http_persistent). What it lacks is EXT-X-DISCONTINUITY: it feeds every
// file's init part and fragments into one mov demuxer ("Found duplicated MOOV Atom. Skipped it",
// "DTS 0 < … out of order"), which demuxes every packet but flags those of the first fragment
// after each discontinuity, whose timestamps go back, as discarded (`ffprobe -show_entries
// packet=flags` shows D on them): that second is not decoded. hls.js and Safari start a new
// timeline at a discontinuity.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCamera, stopAllCameras } from '../support/camera.js';
import { CliProcess, runCli, stopAllCli, tempDir, writeConfig } from '../support/cli.js';
import { sleep, waitUntil } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';
import { freePort } from '../../src/net/free-port.js';

const FPS = 15;
let base: string;
let dir: string;
let footage: { runs: Array<{ start: number; end: number }>; gaps: Array<{ start: number; end: number }>; covered: number };
let range: string;

// Frames (video packets) of a file or URL, as FFmpeg demuxes them.
async function videoPackets(input: string): Promise<number> {
  const r = await execa('ffprobe', ['-v', 'error', '-select_streams', 'v', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'json', input]);
  return Number((JSON.parse(String(r.stdout)) as { streams: Array<{ nb_read_packets: string }> }).streams[0]!.nb_read_packets);
}

interface IndexedFile {
  where: string; // "merged/20261130_1200.mp4", "segments/20261130_120130.mp4"
  start: number;
  end: number;
  activity?: number[];
}

// The merged files by their footage index lines, and the segments not merged yet by the recorder's
// segment times (name, true start and end), in time order.
function indexedFiles(): IndexedFile[] {
  const folder = path.join(dir, 'cam1', '.footage');
  const read = (pattern: RegExp) => readdirSync(folder).filter((n) => pattern.test(n)).flatMap((n) => readFileSync(path.join(folder, n), 'utf8').trim().split('\n')).map((l) => JSON.parse(l) as { name: string; start: number; end: number; activity?: number[] });
  const segments = new Set(readdirSync(path.join(dir, 'cam1', 'segments')));
  const lines = [
    ...read(/^\d{8}\.jsonl$/).map((l) => ({ ...l, where: `merged/${l.name}` })),
    ...read(/^\d{8}_\d{2}\.segments\.jsonl$/).filter((l) => segments.has(l.name)).map((l) => ({ ...l, where: `segments/${l.name}` })),
  ];
  const byName = new Map(lines.map(({ where, start, end, activity }) => [where, { where, start, end, activity }])); // the last line of a name wins
  return [...byName.values()].sort((a, b) => a.start - b.start);
}

integrationDescribe('playback over HTTP: the HLS playlist of recorded and merged footage', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  beforeAll(async () => {
    const camera = await startCamera({ fps: FPS, gop: FPS });
    dir = tempDir('cams-web-playlist-');
    const config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { merge_delay: 0 });
    const first = new CliProcess(['record', 'cam1', '-c', config]);
    await first.waitFor(/: recording$/);
    const boundary = Math.ceil((Date.now() + 4000) / 60_000) * 60_000; // a minute boundary 4 s or more ahead
    await sleep(boundary + 6000 - Date.now());
    expect((await first.stop()).code).toBe(0);
    const merge = await runCli(['merge', '-c', config, '--all']);
    expect(merge.exitCode, merge.stderr).toBe(0);
    await sleep(4000); // the gap
    const second = new CliProcess(['record', 'cam1', '-c', config]);
    await second.waitFor(/: recording$/);
    await sleep(8000);
    expect((await second.stop()).code).toBe(0); // its segments stay unmerged
    await stopAllCameras();

    const port = await freePort();
    const server = new CliProcess(['serve', '-c', config, '--listen', `127.0.0.1:${port}`]);
    base = `http://127.0.0.1:${port}`;
    await waitUntil(() => fetch(`${base}/api/cameras`).then((r) => r.status === 200 || server.child.exitCode !== null, () => false), 15_000); // ready once it answers
    const [from, to] = [boundary - 120_000, Date.now()];
    footage = (await (await fetch(`${base}/api/footage?camera=cam1&start=${from}&end=${to}`)).json()) as typeof footage;
    range = `camera=cam1&start=${Math.floor(footage.runs[0]!.start) - 2000}&end=${Math.ceil(footage.runs.at(-1)!.end) + 2000}`;
  }, 180_000);
  afterAll(async () => {
    await stopAllCli();
    await stopAllCameras();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the footage the test made: merged minute files across a minute boundary, a gap, then segments not merged yet', () => {
    expect(footage.gaps.length).toBeGreaterThanOrEqual(1);
    const files = indexedFiles();
    expect(new Set(files.filter((f) => f.where.startsWith('merged/')).map((f) => f.where.slice(0, 20))).size).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.where.startsWith('segments/')).length).toBeGreaterThanOrEqual(3);
  });

  it('lists every merged file and segment once in time order, each after a discontinuity with its init part, dated at its true start and lasting as long as its footage: across the minute boundary and the gap', async () => {
    const res = await fetch(`${base}/api/playlist.m3u8?${range}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await res.text();
    const lines = indexedFiles();
    expect(text.match(/^#EXT-X-DISCONTINUITY$/gm)).toHaveLength(lines.length - 1);
    const parts = text.split('#EXT-X-MAP').slice(1).map((part) => {
      const name = /^:URI="\/files\/cam1\/((?:merged|segments)\/[^"]+)",BYTERANGE="\d+@0"$/m.exec(part)![1]!;
      const start = Date.parse(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(part)![1]!);
      const seconds = [...part.matchAll(/^#EXTINF:([\d.]+),$/gm)].reduce((s, m) => s + Number(m[1]), 0);
      expect(part.match(/^#EXT-X-BYTERANGE:\d+@\d+$/gm)).toHaveLength(part.match(/^#EXTINF/gm)!.length);
      return { name, start, end: start + seconds * 1000 };
    });
    expect(parts.map((p) => p.name)).toEqual(lines.map((l) => l.where));
    parts.forEach((p, i) => {
      expect(p.start).toBe(Math.floor(lines[i]!.start)); // to the ms
      expect(Math.abs(p.end - lines[i]!.end)).toBeLessThan(20); // EXTINF to the ms, fragment by fragment
    });
    // Over the gap, the date jumps by the gap's length.
    const gap = footage.gaps[0]!;
    const after = parts.findIndex((p) => Math.abs(p.start - gap.end) < 20);
    expect(after).toBeGreaterThan(0);
    expect(Math.max(...parts.slice(0, after).map((p) => p.end)) - gap.start).toBeCloseTo(0, -2);
  });

  it('plays in FFmpeg over HTTP: every frame of every file is demuxed, it lasts as long as the footage, and it decodes without an error', async () => {
    const url = `${base}/api/playlist.m3u8?${range}`;
    const files = indexedFiles();
    let frames = 0;
    for (const { where } of files) frames += await videoPackets(path.join(dir, 'cam1', where));
    expect(await videoPackets(url)).toBe(frames);
    const probe = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url]);
    expect(Number(String(probe.stdout).trim())).toBeCloseTo(files.reduce((s, f) => s + f.end - f.start, 0) / 1000, 1);
    const play = await execa('ffmpeg', ['-v', 'error', '-nostdin', '-stats', '-i', url, '-map', '0:v', '-f', 'null', '-'], { reject: false });
    expect(play.exitCode, play.stderr).toBe(0);
    const decoded = Number(/frame=\s*(\d+)/.exec([...String(play.stderr).matchAll(/frame=\s*\d+/g)].at(-1)![0])![1]);
    // All but the first fragment (a keyframe a second: FPS frames) after each discontinuity (see above).
    expect(decoded).toBeGreaterThanOrEqual(frames - (files.length - 1) * FPS * 1.5);
    expect(String(play.stderr).replace(/frame=.*$/gm, '').trim()).toBe('');
  }, 60_000);

  it('gives the activity of each second from the merge\'s index lines and the segments\' fragments: bytes where there is footage, null in the gap', async () => {
    const lines = indexedFiles().filter((f) => f.where.startsWith('merged/'));
    expect(lines.map((l) => l.activity?.every((b) => b > 0))).toEqual(lines.map(() => true));
    const start = Math.floor(footage.runs[0]!.start);
    const res = await fetch(`${base}/api/activity?camera=cam1&start=${start}&end=${Math.ceil(footage.runs.at(-1)!.end)}&step=1000`);
    const doc = (await res.json()) as { bytes_per_s: Array<number | null> };
    const at = (t: number) => doc.bytes_per_s[Math.floor((t - start) / 1000)];
    expect(at(footage.runs[0]!.start + 500)).toBeGreaterThan(1000);
    expect(at(footage.runs.at(-1)!.end - 1500)).toBeGreaterThan(1000);
    expect(at((footage.gaps[0]!.start + footage.gaps[0]!.end) / 2)).toBeNull();
  });
});
