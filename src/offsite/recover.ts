// What to do with an upload a crash interrupted (an intent without its `put`), a pure decision on
// what the remote holds under the final and the temporary name (one stat of each, no listing).
// The driver moves the temporary file to the final name only after verifying it, and records the
// `put` after the move; so a final file that matches the intent is the upload done and only its
// record was lost: it is confirmed, never sent again under another name.
import type { PendingUpload } from './state-events.js';

export interface RemoteFile {
  size: number;
  hash?: string; // "<type>:<hex>" when the backend gives one
}

export type Recovery =
  | { then: 'confirm'; deleteTemp: boolean } // the final file is the upload: record it
  | { then: 'move' } // the temporary file is complete and verified: finish the move, then record it
  | { then: 'upload'; deleteTemp: boolean } // send it again (to a temporary name, as always)
  | { then: 'cancel'; deleteTemp: boolean }; // the local file is gone and the upload never finished

export function resolvePending(pending: PendingUpload, seen: { final?: RemoteFile; temp?: RemoteFile; localExists: boolean }): Recovery {
  const temp = seen.temp !== undefined;
  if (seen.final && matches(seen.final, pending)) return { then: 'confirm', deleteTemp: temp };
  if (seen.temp && matches(seen.temp, pending)) return { then: 'move' };
  return seen.localExists ? { then: 'upload', deleteTemp: temp } : { then: 'cancel', deleteTemp: temp };
}

// Same size, and the same hash where both are known (of the same type).
export function matches(remote: RemoteFile, expected: { size: number; hash?: string }): boolean {
  if (remote.size !== expected.size) return false;
  if (remote.hash === undefined || expected.hash === undefined) return true;
  const [a, b] = [remote.hash.split(':'), expected.hash.split(':')];
  return a[0] !== b[0] || a[1]?.toLowerCase() === b[1]?.toLowerCase();
}
