// A moov whose H.265 tracks are 'hvc1' (hevc-sample-entry.ts) rather than the 'hev1' FFmpeg
// records, so that an export plays on an iPhone and in QuickTime. The sample data is unchanged:
// only the sample descriptions (stsd) and the sizes of the boxes around them are rewritten.
import { childBoxes, childrenOf, findBox, makeBox, type Box } from './boxes.js';
import { hvc1Entry, lacksParameterSets } from './hevc-sample-entry.js';

const STSD_PATH = ['mdia', 'minf', 'stbl', 'stsd'];

// The moov with every 'hev1' entry as 'hvc1'. keyframes: by track id, a keyframe's bytes for the
// tracks tracksNeedingKeyframe names. An entry whose parameter sets stay incomplete is left as it
// is. Traks are rewritten from the last, so the offsets of those before stay true.
export function hvc1Moov(moov: Buffer, keyframes: ReadonlyMap<number, Buffer> = new Map()): Buffer {
  let out = moov;
  for (const { id, path } of [...stsdPaths(moov)].reverse()) {
    const stsd = path.at(-1)!;
    const entries = stsdEntries(moov, stsd);
    const changed = entries.map((e) => (e.toString('latin1', 4, 8) === 'hev1' ? hvc1Entry(e, keyframes.get(id)) ?? e : e));
    if (changed.every((e, i) => e === entries[i])) continue;
    const head = moov.subarray(stsd.start + stsd.header, stsd.start + stsd.header + 8); // version, flags, entry_count
    out = replaceBox(out, path, makeBox('stsd', head, ...changed));
  }
  return out;
}

// Ids of the tracks with a 'hev1' entry whose hvcC lacks a parameter set: hvc1Moov needs a
// keyframe of theirs (its parameter sets in band) to make them 'hvc1'.
export function tracksNeedingKeyframe(moov: Buffer): number[] {
  return stsdPaths(moov)
    .filter(({ path }) => stsdEntries(moov, path.at(-1)!).some((e) => e.toString('latin1', 4, 8) === 'hev1' && lacksParameterSets(e)))
    .map(({ id }) => id);
}

// Each track's id and its boxes from the moov down to its stsd, in the order of the traks.
function stsdPaths(moov: Buffer): Array<{ id: number; path: Box[] }> {
  const root = childBoxes(moov)[0]!;
  return childrenOf(moov, root, 'trak').flatMap((trak) => {
    const tkhd = findBox(moov, 'tkhd', trak.start + trak.header, trak.start + trak.size);
    const path = [root, trak];
    for (const type of STSD_PATH) {
      const parent = path.at(-1)!;
      const child = childBoxes(moov, parent.start + parent.header, parent.start + parent.size).find((b) => b.type === type);
      if (!child) return [];
      path.push(child);
    }
    if (!tkhd) return [];
    const version = moov[tkhd.start + tkhd.header]!;
    return [{ id: moov.readUInt32BE(tkhd.start + tkhd.header + (version === 1 ? 20 : 12)), path }];
  });
}

// The sample entries of an stsd (after its version, flags and entry_count), each as its own bytes.
function stsdEntries(moov: Buffer, stsd: Box): Buffer[] {
  return childBoxes(moov, stsd.start + stsd.header + 8, stsd.start + stsd.size).map((b) => moov.subarray(b.start, b.start + b.size));
}

// `buf` with the last box of `path` replaced, and the size of each box around it changed to match.
// Sizes are read from `buf`: a box around it may have changed size already (another trak's stsd).
function replaceBox(buf: Buffer, path: readonly Box[], replacement: Buffer): Buffer {
  const old = path.at(-1)!;
  const out = Buffer.concat([buf.subarray(0, old.start), replacement, buf.subarray(old.start + old.size)]);
  const delta = replacement.length - old.size;
  for (const box of path.slice(0, -1)) {
    if (box.header === 16) out.writeBigUInt64BE(out.readBigUInt64BE(box.start + 8) + BigInt(delta), box.start + 8);
    else out.writeUInt32BE(out.readUInt32BE(box.start) + delta, box.start);
  }
  return out;
}
