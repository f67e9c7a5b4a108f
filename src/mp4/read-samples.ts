// Reads every sample of a fragmented MP4 (our recordings and merged minutes) from its moof boxes
// alone: the media data (mdat) is not read.
import { open, type FileHandle } from 'node:fs/promises';
import { inspectMp4, type Mp4Info, type ReadOptions } from './inspect.js';
import { trexDefaults } from './moov.js';
import { fragmentSamples, type Sample } from './samples.js';

const READ_AHEAD = 16; // moofs read at once

export interface FileSamples {
  tracks: Map<number, Sample[]>; // by track id, in decode order; a track without samples has []
  info: Mp4Info;
}

// The samples of `file`; throws an Error saying what is wrong (the caller names the file) when it
// is not a complete fragmented MP4, or when a sample's data lies outside the file.
// With `growing`, only the whole fragments of a file being written (see ReadOptions).
export async function readSamples(file: string, options: ReadOptions = {}): Promise<FileSamples> {
  if (options.handle) return readFrom(file, options.handle, options.growing === true);
  const handle = await open(file, 'r');
  try {
    return await readFrom(file, handle, options.growing === true);
  } finally {
    await handle.close();
  }
}

async function readFrom(file: string, handle: FileHandle, growing: boolean): Promise<FileSamples> {
  const info = await inspectMp4(file, { handle, growing });
  if (info.layout !== 'fragmented') throw new Error('is a regular MP4 (one moov with sample tables): only fragmented files are read sample by sample');
  const defaults = trexDefaults(info.moov);
  const tracks = new Map<number, Sample[]>(info.tracks.map((t) => [t.id, []]));
  const ends = new Map<number, number>();
  // A few moofs read at once (they are small and far apart), then taken in order.
  for (let i = 0; i < info.fragments.length; i += READ_AHEAD) {
    const window = info.fragments.slice(i, i + READ_AHEAD);
    const moofs = await Promise.all(window.map((fragment) => readMoof(handle, fragment)));
    window.forEach((fragment, k) => {
      for (const [id, samples] of fragmentSamples(moofs[k]!, fragment.start, defaults, ends)) {
        checkWithin(samples, info.size, fragment.start);
        const list = tracks.get(id) ?? [];
        tracks.set(id, list);
        for (const sample of samples) list.push(sample);
        const last = samples.at(-1);
        if (last) ends.set(id, last.decodeTime + last.duration);
      }
    });
  }
  return { tracks, info };
}

async function readMoof(handle: FileHandle, fragment: { start: number; size: number }): Promise<Buffer> {
  const moof = Buffer.allocUnsafe(fragment.size);
  const { bytesRead } = await handle.read(moof, 0, fragment.size, fragment.start);
  if (bytesRead !== fragment.size) throw new Error(`changed while it was being read (the fragment at byte ${fragment.start} is cut off)`);
  return moof;
}

function checkWithin(samples: Sample[], fileSize: number, moofStart: number): void {
  const outside = samples.find((s) => s.offset < 0 || s.offset + s.size > fileSize);
  if (outside) throw new Error(`has a sample of ${outside.size} bytes at byte ${outside.offset}, outside the file (fragment at byte ${moofStart})`);
}
