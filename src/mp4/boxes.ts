// ISO BMFF (MP4) boxes: reading headers and children, and writing boxes back (ISO/IEC 14496-12 §4.2).
import type { FileHandle } from 'node:fs/promises';

export interface Box {
  type: string;
  start: number; // offset of the box's first byte
  size: number; // whole box, header included
  header: number; // 8, or 16 with a 64-bit size
}

// Container boxes whose payload is only child boxes.
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf', 'edts', 'dinf', 'mfra', 'udta']);

// The boxes inside buf[start, end); throws when one runs past `end` (a cut-off file) or is no box.
export function childBoxes(buf: Buffer, start = 0, end = buf.length): Box[] {
  const boxes: Box[] = [];
  for (let p = start; p < end; ) {
    const box = boxAt(buf, p, end);
    boxes.push(box);
    p += box.size;
  }
  return boxes;
}

// Reads the top-level box headers of a file without reading payloads. A box cut off by the end
// of the file throws, or with `stopAtCut` ends the list (what a crash left is then the rest). What
// is thrown is said of the file ("is cut off: …", "is not an MP4 file …"), with offsets in the file.
// Boxes of a type in `keep` come whole when they fit in the read at their start (READ_AHEAD), so a
// moof and the mdat header after it cost one read.
export async function topLevelBoxes(handle: FileHandle, fileSize: number, stopAtCut = false, keep: ReadonlySet<string> = KEEP_NONE): Promise<TopBox[]> {
  const boxes: TopBox[] = [];
  const window = Buffer.allocUnsafe(READ_AHEAD);
  let [windowAt, windowEnd] = [0, 0]; // the bytes of the file in `window`
  for (let p = 0; p < fileSize; ) {
    if (p < windowAt || windowEnd < Math.min(p + 16, fileSize)) {
      const { bytesRead } = await handle.read(window, 0, Math.min(READ_AHEAD, fileSize - p), p);
      [windowAt, windowEnd] = [p, p + bytesRead];
    }
    let box: TopBox;
    try {
      box = boxAt(window.subarray(p - windowAt, windowEnd - windowAt), 0, fileSize - p, p);
    } catch (error) {
      if (stopAtCut) break;
      throw error instanceof BoxError ? new Error(fileProblem(error, fileSize), { cause: error }) : error;
    }
    if (keep.has(box.type) && p + box.size <= windowEnd) box.bytes = Buffer.from(window.subarray(p - windowAt, p - windowAt + box.size));
    boxes.push(box);
    p += box.size;
  }
  return boxes;
}

// A top-level box, with its bytes when they were kept.
export interface TopBox extends Box {
  bytes?: Buffer;
}

const KEEP_NONE: ReadonlySet<string> = new Set();
const READ_AHEAD = 8192; // a moof of a GOP of 60 frames and their audio is 2–3 kB

// Why no box could be read at byte `at` (of the file, or of the buffer).
class BoxError extends Error {
  constructor(message: string, readonly at: number, readonly cutOff: boolean) {
    super(message);
  }
}

// What is wrong with the file, from the problem of its box at `error.at`.
function fileProblem(error: BoxError, fileSize: number): string {
  if (error.at === 0 && !error.cutOff) return 'is not an MP4 file (no MP4 box at byte 0)';
  if (error.at === 0 && fileSize < 8) return `is not an MP4 file (${fileSize} bytes)`;
  return error.cutOff ? `is cut off: ${error.message} of the file` : `is damaged: ${error.message}`;
}

// The box at buf[p]; `at` is where that is in the file, for messages.
function boxAt(buf: Buffer, p: number, end: number, at = p): Box {
  if (end - p < 8 || buf.length - p < 8) throw new BoxError(`a box header at byte ${at} runs past the end`, at, true);
  let size = buf.readUInt32BE(p);
  const type = buf.toString('latin1', p + 4, p + 8);
  // A box type is four printable characters ("ftyp", "mdat"); anything else is not a box header.
  if (!/^[\x20-\x7e]{4}$/.test(type)) throw new BoxError(`no MP4 box at byte ${at}`, at, false);
  let header = 8;
  if (size === 1) {
    if (buf.length - p < 16) throw new BoxError(`box "${type}" at byte ${at}: its header runs past the end`, at, true);
    size = Number(buf.readBigUInt64BE(p + 8));
    header = 16;
  } else if (size === 0) size = end - p;
  if (size < header) throw new BoxError(`box "${type}" at byte ${at} has an impossible size (${size})`, at, false);
  if (p + size > end) throw new BoxError(`box "${type}" at byte ${at} runs past the end`, at, true);
  return { type, start: at, size, header };
}

// The first descendant along a path of types ("trak/mdia/mdhd"), or undefined.
export function findBox(buf: Buffer, path: string, start = 0, end = buf.length): Box | undefined {
  const [first, ...rest] = path.split('/');
  const box = childBoxes(buf, start, end).find((b) => b.type === first);
  if (!box || rest.length === 0) return box;
  return findBox(buf, rest.join('/'), box.start + box.header, box.start + box.size);
}

// Every child of a container box with the given type.
export function childrenOf(buf: Buffer, box: Box, type: string): Box[] {
  if (!CONTAINERS.has(box.type)) return [];
  return childBoxes(buf, box.start + box.header, box.start + box.size).filter((b) => b.type === type);
}

// The payload of a box (after its header).
export function payload(buf: Buffer, box: Box): Buffer {
  return buf.subarray(box.start + box.header, box.start + box.size);
}

// Builds a box from a type and its payload parts.
export function makeBox(type: string, ...parts: Buffer[]): Buffer {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, ...parts]);
}

// Builds a full box (§4.2: a version byte and 24 bits of flags before the payload).
export function makeFullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version << 24) | flags) >>> 0);
  return makeBox(type, head, ...parts);
}

// Big-endian 32-bit fields, as most box fields are.
export function uint32s(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= -0x80000000 && v <= 0xffffffff)) throw new RangeError(`${v} does not fit a 32-bit field`);
    buf.writeUInt32BE(v >>> 0, i * 4);
  }
  return buf;
}

// A big-endian 64-bit field.
export function uint64(value: number): Buffer {
  const buf = Buffer.allocUnsafe(8);
  buf.writeBigUInt64BE(BigInt(value));
  return buf;
}

// The header of an mdat box holding `payload` bytes: 64-bit size past 4 GiB (§4.2).
export function mdatHeader(payload: number): Buffer {
  return payload + 8 > 0xffffffff ? Buffer.concat([uint32s([1]), Buffer.from('mdat'), uint64(payload + 16)]) : Buffer.concat([uint32s([payload + 8]), Buffer.from('mdat')]);
}

// Big-endian 16-bit fields.
export function uint16s(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(values.length * 2);
  values.forEach((v, i) => buf.writeUInt16BE(v, i * 2));
  return buf;
}
