import { mkdirSync, readdirSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { salvageStaging } from '../../src/recorder/admit-segment.js';
import { cameraDirs } from '../../src/recorder/files.js';
import { SEGMENT_MOVFLAGS } from '../../src/ffmpeg/args.js';
import { tempDir } from '../support/cli.js';
import { decodeErrors, probeFile } from '../support/media.js';
import { integrationDescribe } from '../support/tools.js';

// A 4 s fragmented MP4 like the recorder's, with 1 s GOPs.
async function makeSegment(file: string): Promise<void> {
  await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000',
    '-t', '4', '-c:v', 'libx264', '-g', '15', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', SEGMENT_MOVFLAGS.replace('movflags=', '').split(':')[0]!, file]);
}

integrationDescribe('salvage of what a crash left in staging', ['ffmpeg', 'ffprobe'], () => {
  it('moves whole files to segments/, salvages the readable part of a torn one keeping the original in quarantine/, and removes one with no footage', async () => {
    const dirs = cameraDirs(tempDir());
    const run = path.join(dirs.staging, 'run1');
    mkdirSync(run, { recursive: true });
    const whole = path.join(run, '20260101_120000.mp4');
    const torn = path.join(run, '20260101_120004.mp4');
    const empty = path.join(run, '20260101_120008.mp4');
    await Promise.all([makeSegment(whole), makeSegment(torn), makeSegment(empty)]);
    truncateSync(torn, Math.floor(statSync(torn).size * 0.8)); // killed mid-fragment
    truncateSync(empty, 700); // killed right after the header
    const result = await salvageStaging(dirs);
    expect(readdirSync(dirs.segments).sort()).toEqual(['20260101_120000.mp4', '20260101_120004.mp4']);
    expect(readdirSync(dirs.quarantine).sort()).toEqual(['20260101_120004.mp4']);
    expect(readdirSync(dirs.staging)).toEqual([]);
    for (const file of readdirSync(dirs.segments)) expect(await decodeErrors(path.join(dirs.segments, file))).toBe('');
    const salvaged = await probeFile(path.join(dirs.segments, '20260101_120004.mp4'));
    expect(salvaged.duration).toBeGreaterThan(2);
    expect(result.map((r) => [r.name, r.admission.kind])).toEqual([
      ['20260101_120000.mp4', 'whole'],
      ['20260101_120004.mp4', 'salvaged'],
      ['20260101_120008.mp4', 'empty'],
    ]);
  });
});
