// Writes a regular, "faststart" MP4 (ftyp, moov, one mdat) from samples chosen out of source files,
// copied byte for byte. The file appears complete or not at all: it is written under a temporary
// name beside it, fsync'd, then linked to its name, which fails rather than replace a file. Stopped
// (an aborted `signal`), it removes its temporary file; killed, it leaves it to the next writer in
// the folder, which removes temporary files whose process is gone (temporary-file.ts).
import { syncFolder } from '../disk/sync-folder.js';
import { access, link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CamsError, EXIT } from '../errors.js';
import { copyRanges, type OpenSource } from './copy-ranges.js';
import { planRegularMp4, type RegularMp4Spec } from './regular-plan.js';
import { removeStaleTemporaries, temporaryName } from './temporary-file.js';

export type { Edit } from './regular-moov.js';
export type { RegularMp4Spec, SourceSample, TrackSelection } from './regular-plan.js';

// Writes `output`, a new file; returns its size in bytes. An existing file or a folder that cannot
// be written is a CamsError (exit 73); a source shorter than its samples is an Error naming it.
// With `replace`, an existing file is replaced (atomically, by rename) once the new one is whole.
// onProgress hears the bytes written so far and the file's size, after each batch; openSource
// opens the source files (by default, by their path).
// An aborted `signal` stops it between two batches with the signal's reason.
export async function writeRegularMp4(spec: RegularMp4Spec, output: string, options: { replace?: boolean; onProgress?: (done: number, total: number) => void; openSource?: OpenSource; signal?: AbortSignal } = {}): Promise<{ bytes: number }> {
  const plan = planRegularMp4(spec);
  if (!options.replace && (await exists(output))) throw alreadyExists(output);
  await removeStaleTemporaries(path.dirname(output));
  options.signal?.throwIfAborted();
  const temp = temporaryName(output);
  const out = await open(temp, 'wx').catch((error: unknown) => Promise.reject(cannotWrite(output, error)));
  const write = async (views: Buffer[], position: number) => {
    options.signal?.throwIfAborted();
    const expected = views.reduce((n, v) => n + v.length, 0);
    const { bytesWritten } = await out.writev(views, position).catch((error: unknown) => Promise.reject(cannotWrite(output, error)));
    if (bytesWritten !== expected) throw cannotWrite(output, new Error(`wrote ${bytesWritten} of ${expected} bytes`));
  };
  try {
    await write(plan.head, 0);
    const headBytes = plan.head.reduce((n, b) => n + b.length, 0);
    await copyRanges(plan.ranges, write, headBytes, (copied) => options.onProgress?.(headBytes + copied, plan.size), options.openSource);
    await out.sync().catch((error: unknown) => Promise.reject(cannotWrite(output, error)));
    await out.close();
    options.signal?.throwIfAborted();
    const place = options.replace ? rename : linkOrClaim;
    await place(temp, output).catch((error: NodeJS.ErrnoException) => Promise.reject(error.code === 'EEXIST' ? alreadyExists(output) : cannotWrite(output, error)));
  } finally {
    await out.close().catch(() => undefined); // a second close after the first is harmless
    await unlink(temp).catch(() => undefined);
  }
  await syncFolder(path.dirname(output)); // the new name lasts a crash only once its folder is on disk too
  return { bytes: plan.size };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

// link() fails rather than replace a file; where there are no hard links (a FAT or exFAT USB
// stick, the usual way to hand footage over) the name is claimed with O_EXCL, then renamed onto.
async function linkOrClaim(temp: string, output: string): Promise<void> {
  try {
    await link(temp, output);
  } catch (error) {
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await (await open(output, 'wx')).close();
    await rename(temp, output);
  }
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

function alreadyExists(output: string): CamsError {
  return new CamsError(`"${output}" already exists: nothing is overwritten (give another -o, or --force to replace it)`, { code: 'E_EXISTS', exitCode: EXIT.CANT_CREATE });
}

// Why `output` could not be written, said of it rather than of its temporary name.
function cannotWrite(output: string, error: unknown): CamsError {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
  };
  const reason = (code && reasons[code]) ?? (error as Error).message;
  return new CamsError(`cannot write "${output}": ${reason}`, { code: 'E_NOT_WRITABLE', exitCode: EXIT.CANT_CREATE, cause: error });
}

