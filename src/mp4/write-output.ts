// Where a writer's bytes go: a new file, which appears complete or not at all (written under a
// temporary name beside it, fsync'd, then linked to its name, which fails rather than replace a
// file), or a stream such as standard output, written front to back as the bytes come. Stopped (an
// aborted `signal`), it removes its temporary file; killed, it leaves it to the next writer in the
// folder, which removes temporary files whose process is gone (temporary-file.ts).
import { access, link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { syncFolder } from '../disk/sync-folder.js';
import { CamsError, EXIT } from '../errors.js';
import type { WriteAt } from './copy-ranges.js';
import { removeStaleTemporaries, temporaryName } from './temporary-file.js';

// A file name, or a stream (standard output: `-o -`).
export type Output = string | Writable;

// Runs `body` with a function that writes at a position of `output` (a stream takes the bytes in
// the order written: the body writes front to back). A file is new: an existing one is refused
// (E_EXISTS, exit 73) unless `replace`, and then replaced atomically, by rename, once whole.
export async function writeOutput(output: Output, options: { replace?: boolean; signal?: AbortSignal }, body: (write: WriteAt) => Promise<unknown>): Promise<void> {
  if (typeof output !== 'string') {
    const write = streamWriter(output);
    await body((views, position) => (options.signal?.throwIfAborted(), write(views, position)));
    return;
  }
  if (!options.replace && (await exists(output))) throw alreadyExists(output);
  await removeStaleTemporaries(path.dirname(output));
  options.signal?.throwIfAborted();
  const temp = temporaryName(output);
  const out = await open(temp, 'wx').catch((error: unknown) => Promise.reject(cannotWrite(output, error)));
  try {
    await body(async (views, position) => {
      options.signal?.throwIfAborted();
      const expected = views.reduce((n, v) => n + v.length, 0);
      const { bytesWritten } = await out.writev(views, position).catch((error: unknown) => Promise.reject(cannotWrite(output, error)));
      if (bytesWritten !== expected) throw cannotWrite(output, new Error(`wrote ${bytesWritten} of ${expected} bytes`));
    });
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
}

// Writes each batch to the stream and resolves once the stream has taken it (so the buffers can
// be reused and no more than a batch waits in memory). A closed reader (EPIPE) rejects with its error.
function streamWriter(stream: Writable): WriteAt {
  let next = 0;
  return (views, position) => {
    if (position !== next) return Promise.reject(new Error(`a stream is written front to back: a write at ${position}, expected ${next}`));
    next += views.reduce((n, v) => n + v.length, 0);
    return new Promise((resolve, reject) => {
      if (stream.destroyed || stream.writableEnded) return reject(Object.assign(new Error('the output stream is closed'), { code: 'EPIPE' }));
      views.forEach((view, i) => stream.write(view, i === views.length - 1 ? (error) => (error ? reject(error) : resolve()) : undefined));
      if (views.length === 0) resolve();
    });
  };
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
