// Footage files and off-site states for the off-site tests: names from the naming rule, so the
// tests hold in any time zone.
import type { FootageFile } from '../../../src/footage/catalogue.js';
import { minuteStamp, segmentFileName } from '../../../src/recorder/naming.js';
import { remotePathOf } from '../../../src/offsite/remote-path.js';
import { applyEvent, emptyState, type OffsiteState } from '../../../src/offsite/state-events.js';

export const CAMERA = 'door';
export const DIR = '/rec/door';
export const T0 = Date.UTC(2026, 10, 30, 9, 0, 0); // a minute's start
export const s = (seconds: number) => T0 + seconds * 1000;

// A 2-second segment starting `at` seconds after T0.
export function segment(at: number, bytes = 1000, seconds = 2): FootageFile {
  return { path: `${DIR}/segments/${segmentFileName(s(at))}`, kind: 'segment', start: s(at), end: s(at + seconds), bytes, exact: true };
}

// The merged file of minute `m` (after T0), holding [from, to] seconds of it; `suffix` for _N.
export function merged(m: number, options: { from?: number; to?: number; bytes?: number; suffix?: number } = {}): FootageFile {
  const { from = 0, to = 60, bytes = 30_000, suffix = 0 } = options;
  const name = `${minuteStamp(s(m * 60))}${suffix ? `_${suffix}` : ''}.mp4`;
  return { path: `${DIR}/merged/${name}`, kind: 'merged', start: s(m * 60 + from), end: s(m * 60 + to), bytes, exact: true };
}

export function recording(at: number): FootageFile {
  return { path: `${DIR}/.staging/run1/00001.mp4`, kind: 'recording', start: s(at), end: s(at + 1), bytes: 500, exact: true };
}

// The segments of minute m, as the recorder writes them.
export function minuteOfSegments(m: number, bytes = 1000): FootageFile[] {
  return Array.from({ length: 30 }, (_, i) => segment(m * 60 + 2 * i, bytes));
}

export function remote(file: FootageFile): string {
  return remotePathOf(CAMERA, file.path)!;
}

// A state where `files` are on the remote (uploaded at `at`).
export function stateWith(files: readonly FootageFile[], at = s(0)): OffsiteState {
  const state = emptyState();
  for (const f of files) applyEvent(state, { op: 'put', path: remote(f), size: f.bytes, start: f.start, end: f.end, at });
  return state;
}
