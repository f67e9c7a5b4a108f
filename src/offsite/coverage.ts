// What is off-site, a pure core: a local file is off-site when the state has its remote path at its
// size (a merged minute rewritten with a late segment has grown: the new version is not off-site),
// and its footage is when segments on the remote cover it. Times compare with the merge's GAP_MS:
// a name alone has 1-second precision.
import { GAP_MS } from '../footage/catalogue.js';
import { minuteStamp } from '../recorder/naming.js';
import { minuteOf, remoteKind, remotePathOf } from './remote-path.js';
import type { OffsiteEntry, OffsiteState } from './state-events.js';

export interface Span {
  start: number;
  end: number;
}

// The file itself is on the remote, as it is now.
export function isOffsite(state: OffsiteState, remote: string, bytes: number): boolean {
  return state.entries.get(remote)?.size === bytes;
}

// `spans` (any order) cover [span.start, span.end] with no hole longer than GAP_MS.
export function covers(spans: readonly Span[], span: Span): boolean {
  let reached = span.start;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.end <= reached) continue;
    if (s.start > reached + GAP_MS) return false;
    reached = s.end;
    if (reached >= span.end - GAP_MS) return true;
  }
  return reached >= span.end - GAP_MS;
}

// `inner` lies inside `outer` (to a name's precision).
export function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start - GAP_MS && inner.end <= outer.end + GAP_MS;
}

// The segments on the remote by the minute their footage belongs to (the merge's grouping rule).
export function remoteSegmentsByMinute(state: OffsiteState): Map<string, OffsiteEntry[]> {
  const byMinute = new Map<string, OffsiteEntry[]>();
  for (const entry of state.entries.values()) {
    if (remoteKind(entry.path) !== 'segments') continue;
    const minute = minuteStamp(entry.start);
    const list = byMinute.get(minute);
    if (list) list.push(entry);
    else byMinute.set(minute, [entry]);
  }
  return byMinute;
}

// A local recording as the clean sees it: its camera, path, size and, when known, its footage's
// span (else its name's minute, from `time`).
export interface LocalRecording {
  camera: string;
  file: string;
  bytes: number;
  time: Date;
  span?: Span;
}

// The recordings of the state's camera in merged/ and segments/ whose footage is not off-site: the
// file is not there at its size, and (a merged minute) the segments on the remote do not cover it.
// Other files (quarantine/, another camera's) are never uploaded, so never held back for it.
export function notOffsite<T extends LocalRecording>(camera: string, files: readonly T[], state: OffsiteState): T[] {
  let segments: Map<string, OffsiteEntry[]> | undefined; // built on first need
  return files.filter((f) => {
    const remote = f.camera === camera ? remotePathOf(camera, f.file) : undefined;
    if (remote === undefined || isOffsite(state, remote, f.bytes)) return false;
    if (remoteKind(remote) !== 'merged') return true;
    const span = f.span ?? { start: f.time.getTime(), end: f.time.getTime() + 60_000 };
    segments ??= remoteSegmentsByMinute(state);
    return !covers(segments.get(minuteOf(remote, f.time.getTime())) ?? [], span);
  });
}
