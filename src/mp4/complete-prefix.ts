// How much of a fragmented MP4 cut off by a crash is whole: its init part and every complete
// fragment (moof + mdat). Top-level box headers only; payloads are not read.
import { open } from 'node:fs/promises';
import { topLevelBoxes } from './boxes.js';

// The byte length of the longest whole prefix (0 when not even the init part is whole).
export async function completePrefixLength(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const boxes = await topLevelBoxes(handle, (await handle.stat()).size, true);
    // The init part ends with moov, each fragment with its mdat.
    const last = boxes.findLast((b) => b.type === 'moov' || b.type === 'mdat');
    return last ? last.start + last.size : 0;
  } finally {
    await handle.close();
  }
}
