// The off-site plan, a pure function: one camera's local footage (the catalogue's files) + its
// off-site state + the remote's retention + now → what to do, in order, and how far behind it is.
// The rules (docs/offsite.md, "What goes first and what is kept"):
// - Complete files only: merged minutes and segments, never footage still being recorded.
// - Uploads of footage not yet off-site go newest first (by footage start): the last minutes
//   before a theft leave first. Fresh footage (started within FRESH_MS) goes before anything else.
// - A merged minute whose footage is already off-site as segments is uploaded after all footage
//   that is not off-site at all; once it is confirmed in the state, the segments it replaces are
//   deleted from the remote (replaced.ts).
// - The remote keeps footage retention_days after it ended: older entries of the state are
//   deleted (no listing of the remote), and local footage older than that is not sent.
// - An interrupted upload (an intent without its `put`: a crash, or a try the remote failed) is
//   resolved in its footage's turn, like the upload it was: so the try after a back-off is the newest.
// - `from`: the files are only those of the footage from that instant on (the newest minutes, asked
//   of the catalogue at each new segment: a whole week costs ~15 ms a camera, bench/offsite-plan).
//   The plan then holds the uploads of that footage and the recoveries only, never a delete (what
//   is not in `files` is not known to be gone), and its lag and bytes are of that footage alone.
import type { FootageFile } from '../footage/catalogue.js';
import { covers, isOffsite, remoteSegmentsByMinute } from './coverage.js';
import { planReplacedDeletes } from './replaced.js';
import { minuteOf, remoteKind, remotePathOf } from './remote-path.js';
import type { OffsiteEntry, OffsiteState, PendingUpload } from './state-events.js';

export const FRESH_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface OffsitePlanInput {
  camera: string;
  files: readonly FootageFile[]; // from the footage catalogue (read-files.ts), any order
  state: OffsiteState;
  retentionDays: number; // on the remote
  now: number; // ms
  from?: number; // ms: `files` hold only the footage after it (a window of the newest)
}

export interface UploadAction {
  type: 'upload';
  local: string;
  remote: string;
  bytes: number;
  start: number;
  end: number;
  covered: boolean; // its footage is on the remote already (as segments, or an older version of it)
}

export interface DeleteAction {
  type: 'delete';
  remote: string;
  reason: 'replaced' | 'retention';
  by?: string; // replaced: the merged file on the remote that holds its footage
}

export interface RecoverAction {
  type: 'recover';
  pending: PendingUpload;
}

export type OffsiteAction = RecoverAction | UploadAction | DeleteAction;

export interface OffsitePlan {
  actions: OffsiteAction[];
  lagSeconds: number; // age of the oldest footage not yet off-site; 0 when all of it is
  oldestPending?: number; // ms: the start of that footage
  pendingBytes: number; // of the files still to send
  pendingFiles: number;
  partial: boolean; // planned for a window (`from`): no deletes, lag and bytes of the window only
}

export function planOffsite(input: OffsitePlanInput): OffsitePlan {
  const cutoff = input.now - input.retentionDays * DAY_MS;
  const local = localFiles(input, cutoff);
  const uploads = planUploads(local, input.state);
  const uncovered = uploads.filter((u) => !u.covered);
  const recover = [...input.state.pending.values()].map((pending): RecoverAction => ({ type: 'recover', pending }));
  const sending = [...uncovered, ...recover].sort(newestFirst);
  const fresh = sending.filter((a) => footageOf(a).start >= input.now - FRESH_MS);
  const backlog = sending.slice(fresh.length);
  const partial = input.from !== undefined;
  const deletes = partial ? [] : [...planReplacedDeletes(local, input.state, cutoff), ...retentionDeletes(input.state, cutoff)];
  const actions: OffsiteAction[] = [...fresh, ...deletes, ...backlog, ...uploads.filter((u) => u.covered).sort(newestFirst)];
  // Not Math.min(...): a week of segments never merged is 302 400 arguments, past V8's limit.
  const oldestPending = [...uncovered, ...input.state.pending.values()].reduce<number | undefined>((m, f) => (m === undefined || f.start < m ? f.start : m), undefined);
  const pendingBytes = uploads.reduce((n, u) => n + u.bytes, 0) + [...input.state.pending.values()].reduce((n, p) => n + p.size, 0);
  const lagSeconds = oldestPending === undefined ? 0 : Math.max(0, (input.now - oldestPending) / 1000);
  return { actions, lagSeconds, ...(oldestPending === undefined ? {} : { oldestPending }), pendingBytes, pendingFiles: uploads.length + input.state.pending.size, partial };
}

// Newest footage first; the remote path breaks a tie.
function newestFirst(a: UploadAction | RecoverAction, b: UploadAction | RecoverAction): number {
  const [x, y] = [footageOf(a), footageOf(b)];
  return y.start - x.start || (x.remote < y.remote ? -1 : 1);
}

function footageOf(action: UploadAction | RecoverAction): { start: number; remote: string } {
  return action.type === 'recover' ? { start: action.pending.start, remote: action.pending.path } : action;
}

// A complete local file with its remote path and minute.
export interface LocalFile {
  file: FootageFile;
  remote: string;
  minute: string;
}

// The complete files the remote keeps (their footage ended after the cutoff).
function localFiles(input: OffsitePlanInput, cutoff: number): LocalFile[] {
  const files: LocalFile[] = [];
  for (const file of input.files) {
    if (file.kind === 'recording' || file.end < cutoff) continue;
    const remote = remotePathOf(input.camera, file.path);
    if (remote !== undefined) files.push({ file, remote, minute: minuteOf(remote, file.start) });
  }
  return files;
}

// Every local file not on the remote at its size and not being recovered; `covered` when segments
// on the remote (or the older version of the file) hold all of its footage.
function planUploads(local: readonly LocalFile[], state: OffsiteState): UploadAction[] {
  let segments: Map<string, OffsiteEntry[]> | undefined; // built on first need (a pass over the state)
  const uploads: UploadAction[] = [];
  for (const { file, remote, minute } of local) {
    if (isOffsite(state, remote, file.bytes) || state.pending.has(remote)) continue;
    const older = state.entries.get(remote);
    const ofMinute = remoteKind(remote) === 'merged' ? (segments ??= remoteSegmentsByMinute(state)).get(minute) : undefined;
    const held = [...(ofMinute ?? []), ...(older ? [older] : [])];
    const covered = held.length > 0 && covers(held, file);
    uploads.push({ type: 'upload', local: file.path, remote, bytes: file.bytes, start: file.start, end: file.end, covered });
  }
  return uploads;
}

// Entries whose footage ended before the cutoff, oldest first.
function retentionDeletes(state: OffsiteState, cutoff: number): DeleteAction[] {
  const old = [...state.entries.values()].filter((e) => e.end < cutoff).sort((a, b) => a.end - b.end);
  return old.map((e) => ({ type: 'delete', remote: e.path, reason: 'retention' }));
}
