import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readSamples } from '../../src/mp4/read-samples.js';
import type { Sample } from '../../src/mp4/samples.js';
import { tempDir } from '../support/cli.js';
import { packetsByTrack, type Packet } from '../support/media.js';
import { makeSegments, minuteAgo } from '../support/segments.js';
import { integrationDescribe } from '../support/tools.js';

// What ffprobe would say of these samples as packets.
const asPackets = (samples: Sample[]): Packet[] => samples.map((s) => ({ pts: s.decodeTime + s.compositionOffset, dts: s.decodeTime, size: s.size, key: s.sync, discard: false }));

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The recorder's segments of a few seconds of H.264 + AAC, and the encode they were cut from.
async function recording(bframes: boolean): Promise<{ whole: string; segments: string[] }> {
  const dir = tempDir('cams-samples-');
  dirs.push(dir);
  const whole = path.join(dir, 'whole.mp4');
  const names = await makeSegments(path.join(dir, 'segments'), { start: minuteAgo(5), seconds: 6, bframes, whole });
  return { whole, segments: names.map((n) => path.join(dir, 'segments', n)) };
}

integrationDescribe('the samples of fragmented MP4 files, against ffprobe', ['ffmpeg', 'ffprobe'], () => {
  it.each([false, true])("reads every sample of the recorder's files (B-frames: %s) as ffprobe reads their packets: per stream the same count, sizes, pts, dts and keyframes", async (bframes) => {
    const { whole, segments } = await recording(bframes);
    for (const file of [whole, ...segments]) {
      const { tracks } = await readSamples(file);
      const packets = await packetsByTrack(file);
      expect([...tracks.keys()]).toEqual([...packets.keys()]);
      for (const [id, samples] of tracks) expect(asPackets(samples), `${file} track ${id}`).toEqual(packets.get(id));
      if (bframes) expect(tracks.get(1)!.some((s) => s.compositionOffset !== 0)).toBe(true);
    }
  });
});
