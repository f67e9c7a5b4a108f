// Copies byte ranges of source files, in the order given, to one place in an output file (the
// media data of an export). Reads are large: ranges lying close together in their file are read
// as one span, into two reused buffers, and each batch goes out in one writev while the next one
// is read.
import { open, type FileHandle } from 'node:fs/promises';

export interface ByteRange {
  file: string;
  offset: number;
  size: number;
}

// Small batches: an hour of 1080p (1.8 GB, from a warm cache, on a 2-core machine with 32 MB of L3
// cache) took 4–5 s with 8 MB batches (16 MB buffers) and 4–4.5 s with 2 MB ones when it came
// after another large write (as on a recorder, which is always writing), 2.5–2.8 s with 512 KB;
// alone, 1.8–2 s with 2 MB and 2.4–2.5 s with 512 KB. `cat` took 1.3 s in both cases. See
// bench/export.ts. (A 300 MB file alone, bench/write-regular.ts: 822 MB/s with 8 MB, 663 with 512 KB.)
const BATCH_BYTES = 512 * 1024;
// A group of ranges of one file is read as one span when the span is at most this many times the
// bytes wanted (the moof boxes and the other tracks' samples between them are read and skipped).
const DENSE = 2;

// Joins ranges that follow each other in the same file, cuts any longer than a batch, drops empty ones.
export function coalesceRanges(ranges: Iterable<ByteRange>, maxSize = BATCH_BYTES): ByteRange[] {
  const out: ByteRange[] = [];
  for (const range of ranges) {
    const last = out.at(-1);
    if (last && last.file === range.file && last.offset + last.size === range.offset) last.size += range.size;
    else out.push({ file: range.file, offset: range.offset, size: range.size });
  }
  return out.flatMap((r) => {
    const pieces: ByteRange[] = [];
    for (let at = 0; at < r.size; at += maxSize) pieces.push({ file: r.file, offset: r.offset + at, size: Math.min(maxSize, r.size - at) });
    return pieces;
  });
}

// Writes the bytes of one batch at a position of the output (every byte, or throws).
export type WriteAt = (views: Buffer[], position: number) => Promise<void>;

// Writes the ranges (each at most a batch long: see coalesceRanges) one after another from
// `position` on with `write`; returns the bytes written. Throws when a source is shorter than a range.
export async function copyRanges(ranges: readonly ByteRange[], write: WriteAt, position: number, onProgress?: (copied: number) => void): Promise<number> {
  const handles = new Map<string, FileHandle>();
  const buffers = [Buffer.allocUnsafeSlow(DENSE * BATCH_BYTES), Buffer.allocUnsafeSlow(DENSE * BATCH_BYTES)];
  let writing: Promise<void> = Promise.resolve();
  let written = 0;
  try {
    let turn = 0;
    for (const batch of batches(ranges)) {
      const views = await readBatch(batch, buffers[turn++ % 2]!, handles);
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

// Consecutive ranges adding up to at most BATCH_BYTES (or one longer range alone).
function* batches(ranges: readonly ByteRange[]): Generator<ByteRange[]> {
  let batch: ByteRange[] = [];
  let bytes = 0;
  for (const range of ranges) {
    if (batch.length > 0 && bytes + range.size > BATCH_BYTES) {
      yield batch;
      [batch, bytes] = [[], 0];
    }
    batch.push(range);
    bytes += range.size;
  }
  if (batch.length > 0) yield batch;
}

// Reads a batch into `buffer`; returns one view per range, in order.
async function readBatch(batch: ByteRange[], buffer: Buffer, handles: Map<string, FileHandle>): Promise<Buffer[]> {
  const views: Buffer[] = [];
  let fill = 0;
  for (let i = 0; i < batch.length; ) {
    let j = i + 1;
    while (j < batch.length && batch[j]!.file === batch[i]!.file) j++;
    const group = batch.slice(i, j);
    const handle = handles.get(group[0]!.file) ?? (await openSource(group[0]!.file, handles));
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

async function openSource(file: string, handles: Map<string, FileHandle>): Promise<FileHandle> {
  const handle = await open(file, 'r');
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
