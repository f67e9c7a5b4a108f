// The shell of the off-site state: <output_dir>/.offsite/state.jsonl, one camera's record of what is
// on the remote (state-events.ts is its pure core). Each event is appended as one line and fdatasynced
// before it counts, so after a crash (a SIGKILL, a power cut) the log holds every event that was
// acknowledged and at most one cut last line, which is dropped. When the log has grown to twice the
// state it is rewritten as a snapshot: temporary file, fsync, rename, fsync of the folder; a crash
// during the rewrite leaves the old log or the new one, both holding the same state.
import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../disk/write-atomically.js';
import { withContext } from '../errors.js';
import { makeDirs } from '../recorder/folders.js';
import { applyEvent, formatEvent, needsCompaction, parseStateLog, snapshotText, type OffsiteEvent, type OffsiteState } from './state-events.js';

export const STATE_LOG = path.join('.offsite', 'state.jsonl');

export interface OffsiteStateLog {
  state: OffsiteState; // read only: changed through record()
  record(event: OffsiteEvent): Promise<void>;
  close(): Promise<void>;
}

export function stateLogPath(outputDir: string): string {
  return path.join(outputDir, STATE_LOG);
}

// Opens a camera's off-site state (empty when there is none yet), for one writer: the uploader
// holds the camera's off-site lock while it has it open.
export async function openOffsiteState(outputDir: string): Promise<OffsiteStateLog> {
  const file = stateLogPath(outputDir);
  try {
    const state = parseStateLog(await readText(file));
    if (needsCompaction(state)) await compact(file, state);
    await makeDirs(path.dirname(file));
    await removeLeftovers(file);
    let handle = await open(file, 'a');
    return {
      state,
      async record(event) {
        try {
          if (state.torn) handle = await rewrite(file, state, handle); // a line cut by a failed write
          await handle.write(formatEvent(event));
          await handle.datasync();
          applyEvent(state, event); // only once it is on disk
          if (needsCompaction(state)) handle = await rewrite(file, state, handle);
        } catch (error) {
          state.torn = true; // part of the line may be in the log: rewrite it before the next
          throw withContext(`writing the off-site state "${file}"`, error);
        }
      },
      close: () => handle.close(),
    };
  } catch (error) {
    throw withContext(`opening the off-site state "${file}"`, error);
  }
}

// Reads what a camera's off-site state holds, without opening it for writing (status, clean).
export async function readOffsiteState(outputDir: string): Promise<OffsiteState> {
  const file = stateLogPath(outputDir);
  try {
    return parseStateLog(await readText(file));
  } catch (error) {
    throw withContext(`reading the off-site state "${file}"`, error);
  }
}

// Compacts the log and opens the new one for appending (the old handle holds the replaced file).
async function rewrite(file: string, state: OffsiteState, handle: FileHandle): Promise<FileHandle> {
  await compact(file, state);
  await handle.close();
  return open(file, 'a');
}

async function compact(file: string, state: OffsiteState): Promise<void> {
  await makeDirs(path.dirname(file));
  await writeFileAtomically(file, snapshotText(state), { durable: true });
  state.lines = state.entries.size + state.pending.size;
  state.torn = false;
}

// The temporary files of rewrites a crash interrupted ("state.jsonl.<pid>.tmp"): the log is whole
// without them.
async function removeLeftovers(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(path.dirname(file))) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await unlink(path.join(path.dirname(file), name)).catch(() => undefined);
  }
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
}

