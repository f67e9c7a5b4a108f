// The parts of one join as fragmented MP4s, what the joiner reads: ours as they are; a regular MP4
// (a segment of the original tool) remuxed by stream copy into a temporary file, which remove()
// deletes (the next run's cleanup of temporary files does, if the merge is killed first).
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { remuxToFragmented } from '../ffmpeg/remux.js';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';

export interface FragmentedParts {
  parts: Mp4Info[]; // in the order given
  remove(): Promise<void>; // deletes the temporary files
}

// tempFile: the temporary path for a part's file name.
export async function fragmentedParts(infos: Mp4Info[], tempFile: (name: string) => string): Promise<FragmentedParts> {
  const temps: string[] = [];
  const remove = async () => {
    for (const file of temps) await unlink(file).catch(() => undefined);
  };
  try {
    const parts: Mp4Info[] = [];
    for (const info of infos) parts.push(info.layout === 'fragmented' ? info : await remux(info, tempFile(path.basename(info.file)), temps));
    return { parts, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

// A part that cannot be made fragmented: the merge sets its file aside (quarantine/) so that the
// rest of its minute is merged on the next run instead of failing on it forever.
export class UnjoinablePart extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

// The remuxed file must describe the same codec setup the plan grouped the original by.
async function remux(info: Mp4Info, temp: string, temps: string[]): Promise<Mp4Info> {
  const name = path.basename(info.file);
  temps.push(temp);
  await remuxToFragmented(info.file, temp).catch((error: NodeJS.ErrnoException) => {
    if (error.code) throw error; // writing the temporary file failed (a full disk): not the segment's fault
    throw new UnjoinablePart(info.file, `${name} cannot be remuxed: ${error.message}`);
  });
  const remuxed = await inspectMp4(temp).catch((error: Error) => {
    throw new UnjoinablePart(info.file, `${name} remuxed ${error.message}`);
  });
  if (remuxed.formatKey !== info.formatKey) throw new UnjoinablePart(info.file, `${name} remuxed has other codec parameters than ${name} (${remuxed.formatKey}, not ${info.formatKey})`);
  return remuxed;
}
