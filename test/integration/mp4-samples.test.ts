import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { execa } from 'execa';
import { childBoxes } from '../../src/mp4/boxes.js';
import { inspectMp4 } from '../../src/mp4/inspect.js';
import { joinMp4 } from '../../src/mp4/join.js';
import { readSamples } from '../../src/mp4/read-samples.js';
import type { Sample } from '../../src/mp4/samples.js';
import { writeFragmentedMp4 } from '../../src/mp4/write-fragmented.js';
import { writeRegularMp4, type TrackSelection } from '../../src/mp4/write-regular.js';
import { tempDir } from '../support/cli.js';
import { decodeErrors, packetsByTrack, type Packet } from '../support/media.js';
import { topLevelBoxesOf } from '../support/read-regular-tables.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

// What ffprobe would say of these samples as packets.
const asPackets = (samples: Sample[]): Packet[] => samples.map((s) => ({ pts: s.decodeTime + s.compositionOffset, dts: s.decodeTime, size: s.size, key: s.sync, discard: false }));

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The recorder's segments of a few seconds of H.264 + AAC, and the encode they were cut from.
// and those segments merged into one file as the merge joins them.
async function recording(bframes: boolean): Promise<{ whole: string; segments: string[]; merged: string }> {
  const dir = tempDir('cams-samples-');
  dirs.push(dir);
  const whole = path.join(dir, 'whole.mp4');
  const names = await makeSegments(path.join(dir, 'segments'), { start: minuteAgo(5), seconds: 6, bframes, whole });
  const segments = names.map((n) => path.join(dir, 'segments', n));
  const merged = path.join(dir, 'merged.mp4');
  await joinMp4(await Promise.all(segments.map((f) => inspectMp4(f))), merged, { start: new Date().toISOString(), sources: [] });
  return { whole, segments, merged };
}

integrationDescribe('the samples of fragmented MP4 files, against ffprobe', ['ffmpeg', 'ffprobe'], () => {
  it.each([false, true])("reads every sample of the recorder's files and of their merge (B-frames: %s) as ffprobe reads their packets: per stream the same count, sizes, pts, dts and keyframes", async (bframes) => {
    const { whole, segments, merged } = await recording(bframes);
    for (const file of [whole, ...segments, merged]) {
      const { tracks } = await readSamples(file);
      const packets = await packetsByTrack(file);
      expect([...tracks.keys()]).toEqual([...packets.keys()]);
      for (const [id, samples] of tracks) expect(asPackets(samples), `${file} track ${id}`).toEqual(packets.get(id));
      if (bframes) expect(tracks.get(1)!.some((s) => s.compositionOffset !== 0)).toBe(true);
    }
  });
});

const CREATED = new Date('2026-11-30T14:32:05Z');
const VIDEO = 1; // track ids in FFmpeg's files
const AUDIO = 2;

// A track selection of samples of `file`.
const select = (file: string, trackId: number, samples: Sample[], edits: TrackSelection['edits'] = []): TrackSelection => ({ trackId, samples: samples.map((s) => ({ ...s, file })), edits });

// ffprobe's view of a file: its duration, each stream's start, its creation_time tag.
async function probeFormat(file: string): Promise<{ duration: number; startTimes: number[]; creationTime: string }> {
  const r = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:format_tags=creation_time:stream=start_time', '-of', 'json', file]);
  const json = JSON.parse(String(r.stdout)) as { format: { duration: string; tags?: { creation_time?: string } }; streams: Array<{ start_time: string }> };
  return { duration: Number(json.format.duration), startTimes: json.streams.map((s) => Number(s.start_time)), creationTime: json.format.tags?.creation_time ?? '' };
}

// The pixels (grey) of one shown frame: the first of `file`, or the n-th in presentation order.
async function framePixels(file: string, n?: number): Promise<Buffer> {
  const pick = n === undefined ? [] : ['-vf', `select=eq(n\\,${n})`];
  const r = await execa('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, ...pick, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { encoding: 'buffer' });
  return Buffer.from(r.stdout);
}

integrationDescribe('an MP4 written from the samples of a fragmented one', ['ffmpeg', 'ffprobe'], () => {
  // The regular MP4 has one mdat after its moov; the fragmented one a moof + mdat per keyframe.
  it.each([
    { kind: 'regular', write: writeRegularMp4, boxes: () => ['mdat'] },
    { kind: 'fragmented', write: writeFragmentedMp4, boxes: (keyframes: number) => Array.from({ length: keyframes }, () => ['moof', 'mdat']).flat() },
  ])('a $kind MP4 holds every sample of the source, B-frames included, as the same packets (pts, dts, size, keyframes), its moov first, decodes without an error and carries the creation time given', async ({ kind, write, boxes }) => {
    const { whole } = await recording(true);
    const { tracks, info } = await readSamples(whole);
    const output = path.join(path.dirname(whole), `export-${kind}.mp4`);
    await write({ moov: info.moov, tracks: [...tracks].map(([id, samples]) => select(whole, id, samples)), creationTime: CREATED }, output);
    expect(topLevelBoxesOf(output)).toEqual(['ftyp', 'moov', ...boxes(tracks.get(VIDEO)!.filter((s) => s.sync).length)]);
    expect(await packetsByTrack(output)).toEqual(await packetsByTrack(whole));
    expect(await decodeErrors(output)).toBe('');
    expect((await probeFormat(output)).creationTime).toBe('2026-11-30T14:32:05.000000Z');
  });

  it('cut from a keyframe in the middle with edit lists hiding 0.4 s of lead-in: starts at 0 with the frame at the cut, audio with it, and lasts to the end of the footage', async () => {
    const { whole } = await recording(true);
    const { tracks, info } = await readSamples(whole);
    const [video, audio] = [tracks.get(VIDEO)!, tracks.get(AUDIO)!];
    const key = video.findIndex((s) => s.sync && s.decodeTime >= 3 * 15360);
    const lead = 0.4 * 15360;
    const cut = video[key]!.decodeTime + video[key]!.compositionOffset + lead; // the source's presentation time, video ticks
    const end = Math.max(...video.map((s) => s.decodeTime + s.compositionOffset + s.duration));
    const videoEdit = { mediaTime: video[key]!.compositionOffset + lead, duration: end - cut };
    const fromAudio = audio.findIndex((s) => s.decodeTime + s.duration > (cut / 15360) * 16000);
    const audioStart = Math.round((cut / 15360) * 16000) - audio[fromAudio]!.decodeTime;
    const audioEnd = Math.min(Math.round((end / 15360) * 16000), audio.at(-1)!.decodeTime + audio.at(-1)!.duration) - audio[fromAudio]!.decodeTime;
    const output = path.join(path.dirname(whole), 'cut.mp4');
    await writeRegularMp4({ moov: info.moov, creationTime: CREATED, tracks: [
      select(whole, VIDEO, video.slice(key), [videoEdit]),
      select(whole, AUDIO, audio.slice(fromAudio), [{ mediaTime: audioStart, duration: audioEnd - audioStart }]),
    ] }, output);

    expect(topLevelBoxesOf(output)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(await decodeErrors(output)).toBe('');
    const format = await probeFormat(output);
    expect(format.duration).toBeCloseTo((end - cut) / 15360, 3);
    expect(format.startTimes).toEqual([0, 0]);
    expect(format.creationTime).toBe('2026-11-30T14:32:05.000000Z');
    // Every chosen sample is a packet; those before the cut are decoded but not shown.
    const packets = await packetsByTrack(output);
    const base = video[key]!.decodeTime;
    const shownAt = video.slice(key).map((s) => s.decodeTime - base + s.compositionOffset - videoEdit.mediaTime);
    expect(packets.get(VIDEO)!.map((p) => [p.pts, p.discard])).toEqual(shownAt.map((pts) => [pts, pts < 0]));
    expect(packets.get(AUDIO)!.map((p) => p.pts)).toEqual(audio.slice(fromAudio).map((s) => s.decodeTime - audio[fromAudio]!.decodeTime - audioStart));
    // The first frame shown is the source's frame at the cut.
    const atCut = video.filter((s) => s.decodeTime + s.compositionOffset < cut).length;
    expect((await framePixels(output)).equals(await framePixels(whole, atCut))).toBe(true);
    expect((await framePixels(output)).equals(await framePixels(whole, atCut - 1))).toBe(false);
  });
  it('reads a file still being written (cut inside its last fragment, or inside a moof) as its complete fragments only, and refuses it read as a whole file', async () => {
    const { whole } = await recording(false);
    const bytes = readFileSync(whole);
    const boxes = childBoxes(bytes);
    const full = await readSamples(whole);
    const lastMoof = boxes.findLast((b) => b.type === 'moof')!;
    const lastMdat = boxes.findLast((b) => b.type === 'mdat')!;
    expect(lastMdat.start).toBe(lastMoof.start + lastMoof.size);
    for (const cut of [lastMdat.start + lastMdat.size - 100, lastMoof.start + 20, lastMoof.start]) {
      const growing = path.join(path.dirname(whole), `growing-${cut}.mp4`);
      writeFileSync(growing, bytes.subarray(0, cut));
      const read = await readSamples(growing, { growing: true });
      expect(read.info.size).toBe(lastMoof.start);
      expect(read.info.fragments).toHaveLength(full.info.fragments.length - 1);
      for (const [id, samples] of read.tracks) {
        expect(samples.length).toBeGreaterThan(0);
        expect(samples).toEqual(full.tracks.get(id)!.slice(0, samples.length));
        expect(samples.length).toBeLessThan(full.tracks.get(id)!.length);
      }
      expect((await inspectMp4(growing, { growing: true })).videoDuration).toBeLessThan(full.info.videoDuration);
      if (cut > lastMoof.start) await expect(readSamples(growing)).rejects.toThrow(/cut off|no media data/);
    }
  });
});
