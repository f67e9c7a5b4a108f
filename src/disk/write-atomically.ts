// Replaces a small state file so that a reader sees the old text or the new, never half of one.
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder } from './sync-folder.js';

// A small JSON state file (the recorder's, a job's last run): a temporary file renamed over the old
// one. On a full disk that temporary file cannot be written, yet `status` must still see the
// recorder and why it fails ("the disk is full"): the file then is rewritten in place inside the
// block it already has (padded with spaces, which JSON allows, so it never shrinks, and one small
// write of one page is never seen half done).
// `durable`: the new text is on disk when this returns, and a crash (even of the power) leaves the
// old text or the new: the temporary file is fsynced before the rename and the folder after it, and
// a full disk is an error (rewriting in place is atomic only for one page).
export async function writeFileAtomically(file: string, text: string, options: { durable?: boolean } = {}): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await (options.durable ? writeSynced(tmp, text) : writeFile(tmp, text));
    await rename(tmp, file);
    if (options.durable) await syncFolder(path.dirname(file));
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    if (options.durable || !NO_SPACE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await overwriteInPlace(file, text, error);
  }
}

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

async function overwriteInPlace(file: string, text: string, original: unknown): Promise<void> {
  const handle = await open(file, 'r+').catch(() => Promise.reject(original));
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.from(text);
    if (bytes.length > Math.max(size, 4096)) throw original;
    const padded = Buffer.concat([bytes, Buffer.alloc(Math.max(0, size - bytes.length), ' ')]);
    await handle.write(padded, 0, padded.length, 0);
  } finally {
    await handle.close();
  }
}

async function writeSynced(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
