// An H.265 camera end to end, from one short recording of the simulator: the recorder keeps what
// FFmpeg writes ('hev1'), the merge and the catalogue take it, and `export` writes 'hvc1' with its
// parameter sets complete, which an iPhone and QuickTime play.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childBoxes, findBox } from '../../src/mp4/boxes.js';
import { inBandParameterSets, parseHevcConfig } from '../../src/mp4/hevc-sample-entry.js';
import { readSamples } from '../../src/mp4/read-samples.js';
import { formatInstant } from '../../src/time/local-time.js';
import { startCamera } from '../support/camera.js';
import { CliProcess, runCli, tempDir, writeConfig, type CliResult } from '../support/cli.js';
import { stopEverything } from '../support/cleanup.js';
import { decodeErrors, mp4Files, sleep } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';

let dir: string;
let config: string;
let recorded: string; // a copy of the segments as the recorder left them (the merge deletes them)
let merge: CliResult;

interface Probed {
  streams: Array<{ codec_type: string; codec_name: string; codec_tag_string: string }>;
  format: { duration: string; tags: { compatible_brands?: string } };
}

async function probe(file: string): Promise<Probed> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,codec_tag_string:format=duration:format_tags=compatible_brands', '-of', 'json', file]);
  return JSON.parse(String(r.stdout)) as Probed;
}

// The video sample entry's type and its hvcC arrays: [NAL type, array_completeness, NAL units].
async function sampleEntry(file: string): Promise<{ type: string; arrays: Array<[number, boolean, number]> }> {
  const bytes = readFileSync(file);
  const stsd = findBox(bytes, 'moov/trak/mdia/minf/stbl/stsd')!; // the video is track 1
  const entry = childBoxes(bytes, stsd.start + stsd.header + 8, stsd.start + stsd.size)[0]!;
  const hvcC = childBoxes(bytes, entry.start + 8 + 78, entry.start + entry.size).find((b) => b.type === 'hvcC')!;
  const config = parseHevcConfig(bytes.subarray(hvcC.start + hvcC.header, hvcC.start + hvcC.size));
  return { type: entry.type, arrays: config.arrays.map((a) => [a.type, a.complete, a.units.length]) };
}

// A time as a user types it, to the millisecond: "2026-11-30 17:54:47.321+0100".
const typed = (ms: number) => formatInstant(ms, true).replace(/ ([+-]\d{4})$/, '$1');

// A small grey picture of the frame shown at `seconds` into a file.
async function pictureAt(file: string, seconds: number): Promise<Buffer> {
  const r = await execa('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', 'scale=64:36,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer' });
  return Buffer.from(r.stdout as Uint8Array);
}

afterAll(stopEverything);

integrationDescribe('an H.265 camera: recorded as hev1, exported as hvc1', ['ffmpeg', 'ffprobe', 'camera-sim'], () => {
  beforeAll(async () => {
    const camera = await startCamera({ codec: 'h265', audio: 'aac' });
    dir = tempDir('cams-h265-');
    config = writeConfig(dir, [{ name: 'cam1', url: camera.url }], { merge_delay: 0 });
    const recorder = new CliProcess(['record', 'cam1', '-c', config, '-v']);
    await recorder.waitFor(/: recording$/);
    await sleep(15_000);
    expect((await recorder.stop()).code).toBe(0);
    await camera.stop();
    recorded = path.join(dir, 'recorded');
    cpSync(path.join(dir, 'cam1', 'segments'), recorded, { recursive: true });
    merge = await runCli(['merge', '-c', config, '--all']);
  }, 60_000);

  it('the recorder keeps segments as FFmpeg writes them: hev1, the VPS, SPS and PPS in the hvcC (not marked complete) and again before each keyframe', async () => {
    const segments = mp4Files(recorded);
    expect(segments.length).toBeGreaterThanOrEqual(6);
    for (const file of segments) {
      expect(await decodeErrors(file), file).toBe('');
      const video = (await probe(file)).streams.find((s) => s.codec_type === 'video')!;
      expect([video.codec_name, video.codec_tag_string]).toEqual(['hevc', 'hev1']);
      expect(await sampleEntry(file)).toEqual({ type: 'hev1', arrays: [[32, false, 1], [33, false, 1], [34, false, 1]] });
    }
    const { tracks } = await readSamples(segments[1]!);
    const key = tracks.get(1)!.find((s) => s.sync)!;
    const bytes = readFileSync(segments[1]!).subarray(key.offset, key.offset + key.size);
    expect(inBandParameterSets(bytes, 4).map((u) => (u[0]! >> 1) & 0x3f)).toEqual([32, 33, 34]);
  });

  it('merges them into minutes that decode, still hev1, and the catalogue lists the footage as h265', async () => {
    expect(merge.exitCode, merge.stderr).toBe(0);
    const merged = mp4Files(path.join(dir, 'cam1', 'merged'));
    expect(merged.length).toBeGreaterThanOrEqual(1);
    for (const file of merged) {
      expect(await decodeErrors(file), file).toBe('');
      expect((await sampleEntry(file)).type).toBe('hev1');
    }
    const footage = await runCli(['footage', 'cam1', '-c', config, '--json']);
    expect(footage.exitCode, footage.stderr).toBe(0);
    const runs = (JSON.parse(footage.stdout) as { runs: Array<{ format: string; seconds: number }> }).runs;
    expect(runs.map((r) => r.format)).toEqual(['h265 640x360 + aac']);
    expect(runs[0]!.seconds).toBeGreaterThan(12);
  });

  it('exports a range as hvc1 with its VPS, SPS and PPS arrays complete and brand hvc1; it decodes cleanly and its first frame is the one at --from', async () => {
    const footage = JSON.parse((await runCli(['footage', 'cam1', '-c', config, '--json'])).stdout) as { runs: Array<{ files: Array<{ path: string; start: string; end: string }> }> };
    // The longer of the (at most two) minute files holds more than 7 s: the range lies inside it.
    const length = (f: { start: string; end: string }) => Date.parse(f.end) - Date.parse(f.start);
    const longest = footage.runs[0]!.files.reduce((a, b) => (length(b) > length(a) ? b : a));
    const from = Date.parse(longest.start) + 4321; // inside a GOP (1 s), between two frames (1/15 s)
    const file = path.join(dir, 'export.mp4');
    const r = await runCli(['export', 'cam1', '-c', config, '--from', typed(from), '--to', typed(from + 3000), '-o', file]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await decodeErrors(file)).toBe('');
    const probed = await probe(file);
    expect(probed.streams.map((s) => [s.codec_name, s.codec_tag_string])).toEqual([['hevc', 'hvc1'], ['aac', 'mp4a']]);
    expect(probed.format.tags.compatible_brands).toBe('isomiso2hvc1mp41');
    expect(Number(probed.format.duration)).toBeCloseTo(3, 1);
    expect(await sampleEntry(file)).toEqual({ type: 'hvc1', arrays: [[32, true, 1], [33, true, 1], [34, true, 1]] });
    const shown = await pictureAt(file, 0);
    expect(shown).toEqual(await pictureAt(longest.path, 4.321));
    expect(shown).not.toEqual(await pictureAt(longest.path, 4.321 - 1 / 15)); // a frame earlier looks different
  });
});
