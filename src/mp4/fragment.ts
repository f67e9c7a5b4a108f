// One movie fragment (moof): per track, where its samples start and how long they last, and the
// byte positions the joiner rewrites in place (ISO/IEC 14496-12 §8.8: mfhd, tfhd, tfdt, trun).
import { childBoxes, childrenOf, findBox, payload } from './boxes.js';

export interface TrackRun {
  trackId: number;
  baseTime: number; // tfdt: decode time of the first sample, in the track's timescale
  baseTimeAt: number; // byte offset of the tfdt value inside the moof
  baseTimeWide: boolean; // tfdt version 1 (64-bit)
  durations: number[]; // each sample's duration, in order
  firstDurationAt: number | undefined; // byte offset of sample 1's own duration field, if it has one
}

export interface FragmentInfo {
  sequenceAt: number; // byte offset of the mfhd sequence number
  runs: TrackRun[];
}

// tfhd and trun flags used here.
const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_FLAGS = 0x04;
const TRUN_DURATION = 0x100;
const TRUN_FIELDS = [0x100, 0x200, 0x400, 0x800];

// Parses a moof box (the whole box in `moof`); trexDurations: the moov's default duration per track.
export function parseFragment(moof: Buffer, trexDurations: Map<number, number>): FragmentInfo {
  const mfhd = findBox(moof, 'moof/mfhd');
  const root = childBoxes(moof)[0]!;
  if (!mfhd) throw new Error('moof without mfhd');
  const runs = childrenOf(moof, root, 'traf').map((traf) => {
    const tfhd = childrenOf(moof, traf, 'tfhd')[0];
    const tfdt = childrenOf(moof, traf, 'tfdt')[0];
    if (!tfhd || !tfdt) throw new Error('traf without tfhd or tfdt');
    const head = parseTfhd(payload(moof, tfhd));
    const defaultDuration = head.defaultDuration ?? trexDurations.get(head.trackId) ?? 0;
    const wide = moof[tfdt.start + tfdt.header] === 1;
    const baseTimeAt = tfdt.start + tfdt.header + 4;
    const baseTime = wide ? Number(moof.readBigUInt64BE(baseTimeAt)) : moof.readUInt32BE(baseTimeAt);
    const durations: number[] = [];
    let firstDurationAt: number | undefined;
    for (const trun of childrenOf(moof, traf, 'trun')) {
      const run = parseTrun(moof, trun.start + trun.header, defaultDuration);
      if (durations.length === 0) firstDurationAt = run.firstDurationAt;
      durations.push(...run.durations);
    }
    return { trackId: head.trackId, baseTime, baseTimeAt, baseTimeWide: wide, durations, firstDurationAt };
  });
  return { sequenceAt: mfhd.start + mfhd.header + 4, runs };
}

function parseTfhd(body: Buffer): { trackId: number; defaultDuration: number | undefined } {
  const flags = body.readUInt32BE(0) & 0xffffff;
  if (flags & TFHD_BASE_DATA_OFFSET) throw new Error('fragments with absolute data offsets are not supported');
  let p = 8;
  if (flags & TFHD_DESCRIPTION_INDEX) p += 4;
  return { trackId: body.readUInt32BE(4), defaultDuration: flags & TFHD_DEFAULT_DURATION ? body.readUInt32BE(p) : undefined };
}

function parseTrun(buf: Buffer, at: number, defaultDuration: number): { durations: number[]; firstDurationAt: number | undefined } {
  const flags = buf.readUInt32BE(at) & 0xffffff;
  const count = buf.readUInt32BE(at + 4);
  let p = at + 8 + (flags & TRUN_DATA_OFFSET ? 4 : 0) + (flags & TRUN_FIRST_FLAGS ? 4 : 0);
  const stride = TRUN_FIELDS.filter((f) => flags & f).length * 4;
  const hasDuration = (flags & TRUN_DURATION) !== 0;
  const durations: number[] = [];
  for (let i = 0; i < count; i++, p += stride) durations.push(hasDuration ? buf.readUInt32BE(p) : defaultDuration);
  const firstDurationAt = hasDuration && count > 0 ? at + 8 + (flags & TRUN_DATA_OFFSET ? 4 : 0) + (flags & TRUN_FIRST_FLAGS ? 4 : 0) : undefined;
  return { durations, firstDurationAt };
}

// Writes a new base time (tfdt) into a moof buffer in place.
export function setBaseTime(moof: Buffer, run: TrackRun, value: number): void {
  if (run.baseTimeWide) moof.writeBigUInt64BE(BigInt(value), run.baseTimeAt);
  else if (value <= 0xffffffff) moof.writeUInt32BE(value, run.baseTimeAt);
  else throw new Error(`decode time ${value} does not fit a 32-bit tfdt`);
}
