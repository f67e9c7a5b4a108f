// The off-site state followed read-only by a long-running reader (the web server's status, asked
// every few seconds): the log is read whole once, then only what the uploader appended since. A
// rewrite of the log (compaction) is a new file under the same name, so a changed inode (or a
// shorter file) reads it whole again. Never opens it for writing, never compacts it.
import { open, stat } from 'node:fs/promises';
import { withContext } from '../errors.js';
import { stateLogPath } from './state.js';
import { applyStateLog, emptyState, type OffsiteState } from './state-events.js';

interface Followed {
  dev: number;
  ino: number;
  offset: number; // bytes of complete lines applied
  state: OffsiteState;
}

const followed = new Map<string, Followed>();

// The camera's off-site state now (empty when there is none yet). The state returned is shared
// with the next call: read it, do not change it.
export async function followOffsiteState(outputDir: string): Promise<OffsiteState> {
  const file = stateLogPath(outputDir);
  try {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
    if (!info) {
      followed.delete(file);
      return emptyState();
    }
    let known = followed.get(file);
    if (!known || known.dev !== info.dev || known.ino !== info.ino || info.size < known.offset) {
      known = { dev: info.dev, ino: info.ino, offset: 0, state: emptyState() };
      followed.set(file, known);
    }
    if (info.size > known.offset) known.offset += await applyAppended(file, known);
    return known.state;
  } catch (error) {
    throw withContext(`reading the off-site state "${file}"`, error);
  }
}

// Reads the log from the offset on and applies its complete lines; returns their bytes.
async function applyAppended(file: string, known: Followed): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - known.offset));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, known.offset);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1; // a line still being written waits
    if (end > 0) applyStateLog(known.state, buffer.toString('utf8', 0, end));
    return end;
  } finally {
    await handle.close();
  }
}
