// How much of a fragmented MP4 cut off by a crash is whole: its init part and every complete
// fragment (moof + mdat). Top-level box headers only; payloads are not read.
import { open } from 'node:fs/promises';
import { topLevelBoxes } from './boxes.js';

export interface CompleteParts {
  length: number; // bytes of the longest whole prefix (0 when not even the init part is whole)
  fragments: number; // complete fragments in it
  initOnly: boolean; // nothing but (a part of) the init boxes: the file never got to footage
}

export async function completeParts(file: string): Promise<CompleteParts> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const boxes = await topLevelBoxes(handle, size, true);
    const readable = boxes.reduce((end, b) => Math.max(end, b.start + b.size), 0);
    const tail = Buffer.alloc(8);
    const { bytesRead } = readable < size ? await handle.read(tail, 0, 8, readable) : { bytesRead: 0 };
    const cutType = bytesRead === 8 ? tail.toString('latin1', 4, 8) : '';
    // FFmpeg writes ftyp and moov at open (empty_moov), then fragments: a file cut before its
    // first moof began holds no footage. A file that does not start with ftyp is not judged so.
    const initOnly = size === 0 || (boxes[0]?.type === 'ftyp' && boxes.every((b) => INIT.has(b.type)) && (cutType === '' || INIT.has(cutType)));
    const moov = boxes.findIndex((b) => b.type === 'moov');
    if (moov < 0) return { length: 0, fragments: 0, initOnly };
    // The init part ends with moov, each fragment with the mdat that follows its moof.
    let end = boxes[moov]!;
    let fragments = 0;
    for (let i = moov + 1; i < boxes.length; i++) {
      if (boxes[i]!.type === 'mdat' && boxes[i - 1]!.type === 'moof') {
        end = boxes[i]!;
        fragments++;
      }
    }
    return { length: end.start + end.size, fragments, initOnly };
  } finally {
    await handle.close();
  }
}

const INIT = new Set(['ftyp', 'moov', 'free']);
