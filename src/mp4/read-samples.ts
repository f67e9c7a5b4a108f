// Reads every sample of a fragmented MP4 (our recordings and merged minutes) from its moof boxes
// alone: the media data (mdat) is not read.
import { open } from 'node:fs/promises';
import { inspectMp4, type Mp4Info } from './inspect.js';
import { trexDefaults } from './moov.js';
import { fragmentSamples, type Sample } from './samples.js';

export interface FileSamples {
  tracks: Map<number, Sample[]>; // by track id, in decode order; a track without samples has []
  info: Mp4Info;
}

// The samples of `file`; throws an Error saying what is wrong (the caller names the file) when it
// is not a complete fragmented MP4, or when a sample's data lies outside the file.
export async function readSamples(file: string): Promise<FileSamples> {
  const info = await inspectMp4(file);
  if (info.layout !== 'fragmented') throw new Error('is a regular MP4 (one moov with sample tables): only fragmented files are read sample by sample');
  const defaults = trexDefaults(info.moov);
  const tracks = new Map<number, Sample[]>(info.tracks.map((t) => [t.id, []]));
  const ends = new Map<number, number>();
  const handle = await open(file, 'r');
  try {
    let moof = Buffer.allocUnsafe(0);
    for (const fragment of info.fragments) {
      if (moof.length < fragment.size) moof = Buffer.allocUnsafe(fragment.size * 2);
      const { bytesRead } = await handle.read(moof, 0, fragment.size, fragment.start);
      if (bytesRead !== fragment.size) throw new Error(`changed while it was being read (the fragment at byte ${fragment.start} is cut off)`);
      for (const [id, samples] of fragmentSamples(moof.subarray(0, fragment.size), fragment.start, defaults, ends)) {
        checkWithin(samples, info.size, fragment.start);
        const list = tracks.get(id) ?? [];
        tracks.set(id, list);
        for (const sample of samples) list.push(sample);
        const last = samples.at(-1);
        if (last) ends.set(id, last.decodeTime + last.duration);
      }
    }
  } finally {
    await handle.close();
  }
  return { tracks, info };
}

function checkWithin(samples: Sample[], fileSize: number, moofStart: number): void {
  const outside = samples.find((s) => s.offset < 0 || s.offset + s.size > fileSize);
  if (outside) throw new Error(`has a sample of ${outside.size} bytes at byte ${outside.offset}, outside the file (fragment at byte ${moofStart})`);
}
