// Copies byte ranges of source files, in the order given, to one place in an output file (the
// media data of an export), with bytes already in memory (boxes a writer built) between them.
// Reads are large: ranges lying close together in their file are read as one span, into two
// reused buffers, and each batch goes out in one writev while the next one is read.
import { open, type FileHandle } from 'node:fs/promises';

export interface ByteRange {
  file: string;
  offset: number;
  size: number;
  data?: Buffer; // the bytes themselves, in memory: file and offset are then not read
}

// A piece of the output: a range of a source file, or bytes in memory (written as they are).
export type Piece = ByteRange | Buffer;

// Small batches: an hour of 1080p (1.8 GB, from a warm cache, on a 2-core machine with 32 MB of L3
// cache) took 4–5 s with 8 MB batches (16 MB buffers) and 4–4.5 s with 2 MB ones when it came
// after another large write (as on a recorder, which is always writing), 2.5–2.8 s with 512 KB;
// alone, 1.8–2 s with 2 MB and 2.4–2.5 s with 512 KB. `cat` took 1.3 s in both cases. See
// bench/export.ts. (A 300 MB file alone, bench/write-regular.ts: 822 MB/s with 8 MB, 663 with 512 KB.)
const BATCH_BYTES = 512 * 1024;
// A group of ranges of one file is read as one span when the span is at most this many times the
// bytes wanted (the moof boxes and the other tracks' samples between them are read and skipped).
const DENSE = 2;

// Joins ranges that follow each other in the same file, cuts any longer than a batch, drops empty
// ones. A range whose bytes are in memory becomes those bytes.
export function coalesceRanges(ranges: Iterable<ByteRange>, maxSize = BATCH_BYTES): Piece[] {
  const out: Piece[] = [];
  for (const range of ranges) {
    const last = out.at(-1);
    if (range.data) out.push(range.data.subarray(0, range.size));
    else if (last && !Buffer.isBuffer(last) && last.file === range.file && last.offset + last.size === range.offset) last.size += range.size;
    else out.push({ file: range.file, offset: range.offset, size: range.size });
  }
  return out.flatMap((r): Piece[] => {
    if (Buffer.isBuffer(r)) return r.length > 0 ? [r] : [];
    const pieces: ByteRange[] = [];
    for (let at = 0; at < r.size; at += maxSize) pieces.push({ file: r.file, offset: r.offset + at, size: Math.min(maxSize, r.size - at) });
    return pieces;
  });
}

// Writes the bytes of one batch at a position of the output (every byte, or throws).
export type WriteAt = (views: Buffer[], position: number) => Promise<void>;

// Opens a source file for reading (the handle is closed when the copy ends).
export type OpenSource = (file: string) => Promise<FileHandle>;

// Writes the pieces (a range longer than a batch is cut: see coalesceRanges) one after another from
// `position` on with `write`; returns the bytes written. Throws when a source is shorter than a range.
// `openSource` may hand over a file opened earlier (one being moved meanwhile stays readable).
export async function copyRanges(ranges: readonly Piece[], write: WriteAt, position: number, onProgress?: (copied: number) => void, openSource: OpenSource = (file) => open(file, 'r')): Promise<number> {
  const handles = new Map<string, FileHandle>();
  const buffers = [Buffer.allocUnsafeSlow(DENSE * BATCH_BYTES), Buffer.allocUnsafeSlow(DENSE * BATCH_BYTES)];
  let writing: Promise<void> = Promise.resolve();
  let written = 0;
  try {
    let turn = 0;
    for (const batch of batches(ranges)) {
      const views = await readBatch(batch, buffers[turn++ % 2]!, handles, openSource);
      await writing; // the other buffer is free again
      const pending = write(views, position + written);
      pending.catch(() => undefined); // awaited below; a failure meanwhile is not an unhandled rejection
      writing = pending;
      written += views.reduce((n, v) => n + v.length, 0);
      onProgress?.(written);
    }
    await writing;
    return written;
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  } finally {
    await Promise.all([...handles.values()].map((h) => h.close()));
  }
}

// Consecutive pieces adding up to at most BATCH_BYTES (or one longer piece alone).
function* batches(pieces: readonly Piece[]): Generator<Piece[]> {
  let batch: Piece[] = [];
  let bytes = 0;
  for (const piece of pieces.flatMap((p) => (!Buffer.isBuffer(p) && p.size > BATCH_BYTES ? coalesceRanges([p]) : [p]))) {
    const size = Buffer.isBuffer(piece) ? piece.length : piece.size;
    if (batch.length > 0 && bytes + size > BATCH_BYTES) {
      yield batch;
      [batch, bytes] = [[], 0];
    }
    batch.push(piece);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

// Reads a batch's ranges into `buffer`; returns one view per piece, in order (bytes in memory as they are).
async function readBatch(batch: Piece[], buffer: Buffer, handles: Map<string, FileHandle>, openSource: OpenSource): Promise<Buffer[]> {
  const views: Buffer[] = [];
  let fill = 0;
  for (let i = 0; i < batch.length; ) {
    const first = batch[i]!;
    if (Buffer.isBuffer(first)) {
      views.push(first);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < batch.length && !Buffer.isBuffer(batch[j]) && (batch[j] as ByteRange).file === first.file) j++;
    const group = batch.slice(i, j) as ByteRange[];
    const handle = handles.get(group[0]!.file) ?? (await openInto(group[0]!.file, handles, openSource));
    const start = Math.min(...group.map((r) => r.offset));
    const span = Math.max(...group.map((r) => r.offset + r.size)) - start;
    const bytes = group.reduce((n, r) => n + r.size, 0);
    if (span <= DENSE * bytes && fill + span <= buffer.length) {
      await readFully(handle, group[0]!.file, buffer.subarray(fill, fill + span), start);
      for (const r of group) views.push(buffer.subarray(fill + r.offset - start, fill + r.offset - start + r.size));
      fill += span;
    } else {
      for (const r of group) {
        const view = buffer.subarray(fill, (fill += r.size));
        await readFully(handle, r.file, view, r.offset);
        views.push(view);
      }
    }
    i = j;
  }
  return views;
}

async function openInto(file: string, handles: Map<string, FileHandle>, openSource: OpenSource): Promise<FileHandle> {
  const handle = await openSource(file);
  handles.set(file, handle);
  return handle;
}

async function readFully(handle: FileHandle, file: string, into: Buffer, position: number): Promise<void> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error(`${file} ends before the ${into.length} bytes at byte ${position} (it changed while being read?)`);
    done += bytesRead;
  }
}
