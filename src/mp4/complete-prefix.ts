// How much of a fragmented MP4 cut off by a crash is whole: its init part and every complete
// fragment (moof + mdat). Top-level box headers only; payloads are not read.
import { open } from 'node:fs/promises';
import { topLevelBoxes } from './boxes.js';

export interface CompleteParts {
  length: number; // bytes of the longest whole prefix (0 when not even the init part is whole)
  fragments: number; // complete fragments in it: 0 means no footage at all
}

export async function completeParts(file: string): Promise<CompleteParts> {
  const handle = await open(file, 'r');
  try {
    const boxes = await topLevelBoxes(handle, (await handle.stat()).size, true);
    const moov = boxes.findIndex((b) => b.type === 'moov');
    if (moov < 0) return { length: 0, fragments: 0 };
    // The init part ends with moov, each fragment with the mdat that follows its moof.
    let end = boxes[moov]!;
    let fragments = 0;
    for (let i = moov + 1; i < boxes.length; i++) {
      if (boxes[i]!.type === 'mdat' && boxes[i - 1]!.type === 'moof') {
        end = boxes[i]!;
        fragments++;
      }
    }
    return { length: end.start + end.size, fragments };
  } finally {
    await handle.close();
  }
}
