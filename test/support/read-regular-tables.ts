// Reads back, field by field, what a regular MP4's moov says of each track: its headers, its edit
// list and every sample (where its bytes are, how long it lasts, whether it is a keyframe). For
// tests of the writer that check it without FFmpeg.
import { readFileSync } from 'node:fs';
import { childBoxes, childrenOf, findBox, payload } from '../../src/mp4/boxes.js';

export interface ReadBackSample {
  offset: number;
  size: number;
  duration: number;
  sync: boolean;
  compositionOffset: number;
}

export interface ReadBackTrack {
  id: number;
  tkhdDuration: number; // movie timescale
  timescale: number;
  mdhdDuration: number;
  edits: Array<{ duration: number; mediaTime: number }>; // duration in the movie timescale
  boxes: string[]; // the stbl's children, in order
  samples: ReadBackSample[];
}

export function readRegularTables(moov: Buffer): { timescale: number; duration: number; tracks: ReadBackTrack[] } {
  const mvhd = payload(moov, findBox(moov, 'moov/mvhd')!);
  const v1 = mvhd[0] === 1;
  const tracks = childrenOf(moov, childBoxes(moov)[0]!, 'trak').map((trak) => {
    const box = (p: string) => findBox(moov, p, trak.start + trak.header, trak.start + trak.size);
    const body = (p: string) => payload(moov, box(p)!);
    const u32s = (b: Buffer, from: number) => Array.from({ length: (b.length - from) / 4 }, (_, i) => b.readUInt32BE(from + 4 * i));
    const [tkhd, mdhd] = [body('tkhd'), body('mdia/mdhd')];
    const stbl = box('mdia/minf/stbl')!;
    const has = (t: string) => box(`mdia/minf/stbl/${t}`) !== undefined;
    const stsz = body('mdia/minf/stbl/stsz');
    const count = stsz.readUInt32BE(8);
    const sizes = stsz.readUInt32BE(4) ? Array<number>(count).fill(stsz.readUInt32BE(4)) : u32s(stsz, 12);
    const expand = (pairs: number[], signed = false) => pairs.flatMap((_, i) => (i % 2 ? [] : Array<number>(pairs[i]!).fill(signed ? pairs[i + 1]! | 0 : pairs[i + 1]!)));
    const durations = expand(u32s(body('mdia/minf/stbl/stts'), 8));
    const ctts = has('ctts') ? expand(u32s(body('mdia/minf/stbl/ctts'), 8), body('mdia/minf/stbl/ctts')[0] === 1) : Array<number>(count).fill(0);
    const syncs = has('stss') ? new Set(u32s(body('mdia/minf/stbl/stss'), 8)) : undefined;
    const co64 = has('co64');
    const chunkBody = body(`mdia/minf/stbl/${co64 ? 'co64' : 'stco'}`);
    const chunkOffsets = Array.from({ length: chunkBody.readUInt32BE(4) }, (_, i) => (co64 ? Number(chunkBody.readBigUInt64BE(8 + 8 * i)) : chunkBody.readUInt32BE(8 + 4 * i)));
    const stsc = u32s(body('mdia/minf/stbl/stsc'), 8);
    const offsets: number[] = [];
    chunkOffsets.forEach((chunkOffset, c) => {
      let perChunk = 0;
      for (let e = 0; e < stsc.length; e += 3) if (stsc[e]! <= c + 1) perChunk = stsc[e + 1]!;
      for (let k = 0, at = chunkOffset; k < perChunk; k++) {
        offsets.push(at);
        at += sizes[offsets.length - 1]!;
      }
    });
    const elst = box('edts/elst') ? body('edts/elst') : undefined;
    const wide = elst?.[0] === 1;
    const edits = elst ? Array.from({ length: elst.readUInt32BE(4) }, (_, i) => (wide ? { duration: Number(elst.readBigUInt64BE(8 + 20 * i)), mediaTime: Number(elst.readBigInt64BE(16 + 20 * i)) } : { duration: elst.readUInt32BE(8 + 12 * i), mediaTime: elst.readInt32BE(12 + 12 * i) })) : [];
    const t1 = tkhd[0] === 1;
    const m1 = mdhd[0] === 1;
    return {
      id: tkhd.readUInt32BE(t1 ? 20 : 12),
      tkhdDuration: t1 ? Number(tkhd.readBigUInt64BE(28)) : tkhd.readUInt32BE(20),
      timescale: mdhd.readUInt32BE(m1 ? 20 : 12),
      mdhdDuration: m1 ? Number(mdhd.readBigUInt64BE(24)) : mdhd.readUInt32BE(16),
      edits,
      boxes: childBoxes(moov, stbl.start + stbl.header, stbl.start + stbl.size).map((b) => b.type),
      samples: sizes.map((size, i) => ({ offset: offsets[i]!, size, duration: durations[i]!, sync: syncs ? syncs.has(i + 1) : true, compositionOffset: ctts[i]! })),
    };
  });
  return { timescale: mvhd.readUInt32BE(v1 ? 20 : 12), duration: v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16), tracks };
}

// The types of a file's top-level boxes, in order ("ftyp", "moov", "mdat"…).
export function topLevelBoxesOf(file: string): string[] {
  return childBoxes(readFileSync(file)).map((b) => b.type);
}
