// The off-site state, a pure core: what is on the remote for one camera, as a log of events (one
// JSON line each) replayed into two maps. The shell (state.ts) appends each event with an fsync and
// rewrites the log as a snapshot when it has grown (compaction); see docs/offsite.md.
//
// An upload is recorded twice: an intent before anything is sent (the temporary name it goes to and
// the final one), and `put` once the final name is there and verified. A process killed between the
// two leaves the intent: the next run verifies the remote (recover.ts) instead of sending the file
// again under another name. A delete is recorded once it is done (`gone`); killed before that, the
// entry is still there and the delete is planned again (deleting a missing file is no error).

// A file on the remote: its path under the remote root ("<camera>/merged/YYYYMMDD_HHMM.mp4").
export interface OffsiteEntry {
  path: string;
  size: number;
  hash?: string; // "<type>:<hex>" (e.g. "md5:…") when the backend gives one
  start: number; // ms, UTC: the footage it holds
  end: number;
  at: number; // ms: when its upload was confirmed
}

// An upload under way: sent (or being sent) to `temp`, to be moved to `path`.
export interface PendingUpload {
  path: string;
  temp: string;
  local: string; // the local file sent
  size: number;
  hash?: string;
  start: number;
  end: number;
  since: number; // ms
}

export type OffsiteEvent =
  | ({ op: 'intent' } & PendingUpload)
  | ({ op: 'put' } & OffsiteEntry)
  | { op: 'gone'; path: string; at: number }
  | { op: 'cancel'; path: string };

export interface OffsiteState {
  entries: Map<string, OffsiteEntry>; // by path
  pending: Map<string, PendingUpload>; // by final path
  lines: number; // events in the log since its last snapshot (the snapshot's own lines included)
  torn: boolean; // the log ended in a cut line (a crash mid-append): rewrite it before appending
}

export function emptyState(): OffsiteState {
  return { entries: new Map(), pending: new Map(), lines: 0, torn: false };
}

// Applies one event to the state, in place (a week of entries is rebuilt without copying).
export function applyEvent(state: OffsiteState, event: OffsiteEvent): OffsiteState {
  state.lines += 1;
  if (event.op === 'intent') {
    const { op: _op, ...pending } = event;
    state.pending.set(event.path, pending);
  } else if (event.op === 'put') {
    const { op: _op, ...entry } = event;
    state.entries.set(event.path, entry);
    state.pending.delete(event.path);
  } else if (event.op === 'gone') {
    state.entries.delete(event.path);
    state.pending.delete(event.path);
  } else state.pending.delete(event.path);
  return state;
}

// The state a log's text holds. A line that does not parse is skipped; a last line without its
// newline (cut by a crash) is dropped and marks the state torn.
export function parseStateLog(text: string): OffsiteState {
  const state = emptyState();
  state.torn = applyStateLog(state, text) !== text.length;
  return state;
}

// Applies the complete lines of a log's text (or of what was appended to it) to the state, in
// place; returns how many characters they took (a last line without its newline is left).
export function applyStateLog(state: OffsiteState, text: string): number {
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n')) {
    if (line === '') continue;
    const event = parseEvent(line);
    if (event) applyEvent(state, event);
  }
  return complete.length;
}

function parseEvent(line: string): OffsiteEvent | undefined {
  let data: Partial<Record<string, unknown>>;
  try {
    data = JSON.parse(line) as Partial<Record<string, unknown>>;
  } catch {
    return undefined;
  }
  if (typeof data.path !== 'string') return undefined;
  const numbers = (...keys: string[]) => keys.every((k) => Number.isFinite(data[k]));
  if (data.op === 'put' && numbers('size', 'start', 'end', 'at')) return data as OffsiteEvent;
  if (data.op === 'intent' && typeof data.temp === 'string' && typeof data.local === 'string' && numbers('size', 'start', 'end', 'since')) return data as OffsiteEvent;
  if (data.op === 'gone' || data.op === 'cancel') return data as OffsiteEvent;
  return undefined;
}

// One event as its line in the log.
export function formatEvent(event: OffsiteEvent): string {
  return JSON.stringify(event) + '\n';
}

// The log rewritten as the events that rebuild the state: a `put` per entry, an intent per pending
// upload, oldest footage first.
export function snapshotText(state: OffsiteState): string {
  const puts = [...state.entries.values()].sort((a, b) => a.start - b.start).map((e) => formatEvent({ op: 'put', ...e }));
  const intents = [...state.pending.values()].map((p) => formatEvent({ op: 'intent', ...p }));
  return puts.join('') + intents.join('');
}

// The log is rewritten once it holds more than twice the lines the snapshot would (and some slack,
// so a small state is not rewritten at every event): its size stays within 2× the state's, and each
// event costs an amortised constant share of the rewrites.
export function needsCompaction(state: OffsiteState): boolean {
  return state.torn || state.lines > 2 * (state.entries.size + state.pending.size) + COMPACT_SLACK;
}

export const COMPACT_SLACK = 256;
