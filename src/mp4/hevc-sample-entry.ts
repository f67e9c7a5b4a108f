// H.265 sample entries as Apple's players (iPhone, QuickTime) take them: 'hvc1', whose hvcC holds
// every parameter set (VPS, SPS, PPS) with array_completeness set. FFmpeg records 'hev1', which
// they refuse. ISO/IEC 14496-15 §8.3.3.1 (HEVCDecoderConfigurationRecord), §8.4.1 (for 'hvc1',
// array_completeness is 1 for the parameter set arrays and 0 for the others).
import { childBoxes, makeBox } from './boxes.js';

export interface NalArray {
  complete: boolean; // array_completeness: no NAL unit of this type is in the samples
  type: number; // NAL_unit_type
  units: Buffer[];
}

export interface HevcConfig {
  head: Buffer; // the record's fields before numOfArrays (profile, level, lengthSizeMinusOne…)
  arrays: NalArray[];
}

export const PARAMETER_SET_TYPES = [32, 33, 34]; // VPS_NUT, SPS_NUT, PPS_NUT (H.265 Table 7-1)
const HEAD_BYTES = 22;
const VISUAL_FIELDS = 8 + 78; // a VisualSampleEntry's header and fixed fields (ISO/IEC 14496-12 §12.1.3)

// A 'hev1' sample entry (the whole box) as 'hvc1'. Parameter sets its hvcC lacks are taken from
// `keyframe` (a sample's bytes: NAL units, each after its length); undefined when one is still
// missing, or the entry has no hvcC that can be read: such an entry cannot be 'hvc1'.
export function hvc1Entry(entry: Buffer, keyframe?: Buffer): Buffer | undefined {
  const { children, hvcC, config } = readEntry(entry);
  if (!children || !hvcC || !config) return undefined;
  const inBand = keyframe ? inBandParameterSets(keyframe, lengthSize(config)) : [];
  const arrays = PARAMETER_SET_TYPES.map((type) => config.arrays.find((a) => a.type === type && a.units.length > 0) ?? { complete: true, type, units: inBand.filter((u) => nalType(u) === type) });
  if (arrays.some((a) => a.units.length === 0)) return undefined;
  const others = config.arrays.filter((a) => !PARAMETER_SET_TYPES.includes(a.type));
  const record = buildHevcConfig({ head: config.head, arrays: [...arrays.map((a) => ({ ...a, complete: true })), ...others.map((a) => ({ ...a, complete: false }))] });
  return makeBox('hvc1', entry.subarray(8, VISUAL_FIELDS), ...children.map((c) => (c === hvcC ? makeBox('hvcC', record) : c)));
}

// Whether the hvcC of a 'hev1' entry lacks a parameter set, so hvc1Entry needs a keyframe.
export function lacksParameterSets(entry: Buffer): boolean {
  const { config } = readEntry(entry);
  return !!config && PARAMETER_SET_TYPES.some((type) => !config.arrays.some((a) => a.type === type && a.units.length > 0));
}

// The record's parts; throws when it is cut off or is no version 1 record.
export function parseHevcConfig(record: Buffer): HevcConfig {
  if (record.length < HEAD_BYTES + 1 || record[0] !== 1) throw new Error(`is no HEVCDecoderConfigurationRecord (${record.length} bytes, version ${record[0]})`);
  const arrays: NalArray[] = [];
  let p = HEAD_BYTES + 1;
  for (let i = 0; i < record[HEAD_BYTES]!; i++) {
    if (p + 3 > record.length) throw new Error(`is cut off after ${i} of its ${record[HEAD_BYTES]} arrays`);
    const [flags, count] = [record[p]!, record.readUInt16BE(p + 1)];
    p += 3;
    const units: Buffer[] = [];
    for (let k = 0; k < count; k++) {
      const size = record.readUInt16BE(p);
      if (p + 2 + size > record.length) throw new Error(`is cut off in its array of NAL type ${flags & 0x3f}`);
      units.push(record.subarray(p + 2, p + 2 + size));
      p += 2 + size;
    }
    arrays.push({ complete: (flags & 0x80) !== 0, type: flags & 0x3f, units });
  }
  return { head: record.subarray(0, HEAD_BYTES), arrays };
}

export function buildHevcConfig(config: HevcConfig): Buffer {
  const parts = [config.head, Buffer.from([config.arrays.length])];
  for (const a of config.arrays) {
    parts.push(Buffer.from([(a.complete ? 0x80 : 0) | a.type, a.units.length >> 8, a.units.length & 0xff]));
    for (const unit of a.units) parts.push(Buffer.from([unit.length >> 8, unit.length & 0xff]), unit);
  }
  return Buffer.concat(parts);
}

// The VPS, SPS and PPS NAL units of a sample, each once, in order. A length running past the end
// ends the walk: what came before it is kept.
export function inBandParameterSets(sample: Buffer, lengthSize: number): Buffer[] {
  const found: Buffer[] = [];
  for (let p = 0; p + lengthSize < sample.length; ) {
    const end = p + lengthSize + sample.readUIntBE(p, lengthSize);
    if (end > sample.length) break;
    const unit = sample.subarray(p + lengthSize, end);
    if (PARAMETER_SET_TYPES.includes(nalType(unit)) && !found.some((u) => u.equals(unit))) found.push(unit);
    p = end;
  }
  return found;
}

// nal_unit_type: bits 1-6 of the first byte of the NAL unit header (H.265 §7.3.1.2).
function nalType(unit: Buffer): number {
  return (unit[0]! >> 1) & 0x3f;
}

// lengthSizeMinusOne + 1: the size of the length before each NAL unit in the samples.
function lengthSize(config: HevcConfig): number {
  return (config.head[HEAD_BYTES - 1]! & 0x03) + 1;
}

// A visual sample entry's child boxes (hvcC, colr, pasp, btrt…), its hvcC and the record in it;
// each undefined when absent or unreadable.
function readEntry(entry: Buffer): { children?: Buffer[]; hvcC?: Buffer; config?: HevcConfig } {
  let children: Buffer[];
  try {
    children = childBoxes(entry, VISUAL_FIELDS).map((b) => entry.subarray(b.start, b.start + b.size));
  } catch {
    return {};
  }
  const hvcC = children.find((c) => c.toString('latin1', 4, 8) === 'hvcC');
  if (!hvcC) return { children };
  try {
    return { children, hvcC, config: parseHevcConfig(hvcC.subarray(8)) };
  } catch {
    return { children, hvcC };
  }
}
