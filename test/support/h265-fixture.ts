// Real bytes of an H.265 recording (test/fixtures/h265/): the moov of a segment with its hev1
// entry, and a keyframe whose VPS, SPS and PPS are in band.
import { readFileSync } from 'node:fs';
import { childBoxes, findBox, makeBox } from '../../src/mp4/boxes.js';
import { buildHevcConfig, parseHevcConfig } from '../../src/mp4/hevc-sample-entry.js';

export const H265_MOOV = readFileSync(new URL('../fixtures/h265/segment-moov.bin', import.meta.url));
export const H265_KEYFRAME = readFileSync(new URL('../fixtures/h265/keyframe.bin', import.meta.url));
export const VISUAL_FIELDS = 8 + 78; // a VisualSampleEntry's header and fixed fields

// The recorded hev1 sample entry (track 1's).
export const HEV1 = (() => {
  const stsd = findBox(H265_MOOV, 'moov/trak/mdia/minf/stbl/stsd')!;
  const entry = childBoxes(H265_MOOV, stsd.start + stsd.header + 8, stsd.start + stsd.size)[0]!; // after version, flags, entry_count
  return H265_MOOV.subarray(entry.start, entry.start + entry.size);
})();

// The child box of a visual sample entry with this type.
export function entryChild(entry: Buffer, type: string): Buffer {
  const found = childBoxes(entry, VISUAL_FIELDS).find((b) => b.type === type)!;
  return entry.subarray(found.start, found.start + found.size);
}

// The recorded entry with its hvcC's array of NAL type `type` (32 VPS, 33 SPS, 34 PPS) left out.
export function hev1Lacking(type: number): Buffer {
  const config = parseHevcConfig(entryChild(HEV1, 'hvcC').subarray(8));
  const hvcC = makeBox('hvcC', buildHevcConfig({ ...config, arrays: config.arrays.filter((a) => a.type !== type) }));
  return makeBox('hev1', HEV1.subarray(8, VISUAL_FIELDS), ...childBoxes(HEV1, VISUAL_FIELDS).map((b) => (b.type === 'hvcC' ? hvcC : HEV1.subarray(b.start, b.start + b.size))));
}
