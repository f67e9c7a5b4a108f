// Which files on the remote a merged minute has replaced, a pure rule. The merge puts every segment
// into a merged file of the minute of its first frame (src/merge/plan.ts) and deletes the segment
// only once that file is written; a merged file that lies inside another is deleted the same way.
// So a file on the remote is replaced when:
// - it is no longer on the local disk (the merge has taken it), and
// - a local merged file of its minute holds its footage (its span lies inside that file's) and is
//   on the remote at its size, confirmed in the state, and
// - every local merged file of its minute that overlaps it is on the remote too: after a step back
//   of the clock two files of one minute can hold footage of the same times, and the one that holds
//   this file's footage must be there.
// Where none of that can be told (the minute's local files are gone too), the file stays on the
// remote until retention: nothing is deleted on a guess. A segment the merge quarantined lies in a
// gap between the minute's files, inside none of them, so it stays.
import { contains, isOffsite, type Span } from './coverage.js';
import type { DeleteAction, LocalFile } from './plan.js';
import { minuteOf, remoteKind } from './remote-path.js';
import type { OffsiteState } from './state-events.js';

export function planReplacedDeletes(local: readonly LocalFile[], state: OffsiteState, cutoff: number): DeleteAction[] {
  const here = new Set(local.map((l) => l.remote));
  const mergedByMinute = new Map<string, LocalFile[]>();
  for (const l of local) if (remoteKind(l.remote) === 'merged') mergedByMinute.set(l.minute, [...(mergedByMinute.get(l.minute) ?? []), l]);
  const deletes: Array<DeleteAction & { start: number }> = [];
  for (const entry of state.entries.values()) {
    if (entry.end < cutoff || here.has(entry.path)) continue; // retention takes it, or it is still here
    const minute = mergedByMinute.get(minuteOf(entry.path, entry.start));
    const overlapping = (minute ?? []).filter((l) => l.remote !== entry.path && overlaps(l.file, entry));
    if (overlapping.length === 0 || !overlapping.every((l) => isOffsite(state, l.remote, l.file.bytes))) continue;
    const by = overlapping.find((l) => contains(l.file, entry));
    if (by) deletes.push({ type: 'delete', remote: entry.path, reason: 'replaced', by: by.remote, start: entry.start });
  }
  return deletes.sort((a, b) => a.start - b.start).map(({ start: _start, ...action }) => action);
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
