// The footage catalogue, a pure core: what a camera has on disk between two instants, as runs of
// continuous footage and the gaps between them. `footage`, `export` and the web viewer ask it; the
// shell around it (read-files.ts) is the one reader of the recordings folders.
//
// A run is footage without a break: each file starts at most GAP_MS after the footage before it
// ended, in the same format (codec, resolution, audio: a change starts a new run even without a
// gap in time). A gap is the time between two runs; before the first run and after the last
// there is simply no footage in the range.
//
// A file still being recorded ('recording': in the recorder's staging folder, its complete
// fragments only) becomes a segment when the recorder admits it; read at that moment it may be
// seen as both. Footage is counted once: the recording file gives way to a segment of its run
// (or one known by its name only: admitted, its exact times not written yet) that covers most of it.
import { GAP_SECONDS } from '../merge/plan.js';

export const GAP_MS = GAP_SECONDS * 1000;

export interface FootageFile {
  path: string; // absolute
  kind: 'merged' | 'segment' | 'recording';
  start: number; // ms, UTC: its first frame
  end: number; // ms: the end of its last frame
  bytes: number;
  format?: string; // "h264 1920x1080 + aac"; undefined when not known
  exact: boolean; // false: times from the name only (no index line), to the minute or second
  run?: string; // the recorder's run of footage (segments with exact times): two runs are never one
  activity?: number[]; // merged files: bytes per 5 s of footage from `start`, from the footage index
}

export interface FootageRun {
  start: number;
  end: number;
  format?: string;
  bytes: number;
  files: FootageFile[];
}

export interface Gap {
  start: number;
  end: number;
}

export interface Catalogue {
  from: number;
  to: number;
  runs: FootageRun[]; // in time order, each cut to [from, to]
  gaps: Gap[]; // between runs, longer than GAP_MS
  covered: number; // ms of [from, to] with footage
  bytes: number; // of the files that hold footage in [from, to]
}

// The runs and gaps of `files` (any order) within [from, to].
export function buildCatalogue(files: readonly FootageFile[], from: number, to: number): Catalogue {
  const inRange = withoutDoubles(files).filter((f) => f.end > from && f.start < to && f.end > f.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const runs: FootageRun[] = [];
  let open: FootageRun[] = []; // runs a later file may still continue, oldest first
  for (const file of inRange) {
    // Files come by start: a run that ended more than GAP_MS before this one starts is over.
    const over = (r: FootageRun) => r.end + GAP_MS < file.start;
    if (open.some(over)) open = open.filter((r) => !over(r));
    const run = open.find((r) => continues(r, file));
    if (run) {
      run.files.push(file);
      run.end = Math.max(run.end, file.end);
      run.bytes += file.bytes;
      run.format ??= file.format;
    } else {
      const created = { start: file.start, end: file.end, format: file.format, bytes: file.bytes, files: [file] };
      runs.push(created);
      open.push(created);
    }
  }
  runs.sort((a, b) => a.start - b.start);
  const gaps: Gap[] = [];
  let reached = runs[0]?.end ?? 0; // footage so far ends here (runs may overlap)
  for (const run of runs.slice(1)) {
    if (run.start - reached > GAP_MS) gaps.push({ start: reached, end: run.start });
    reached = Math.max(reached, run.end);
  }
  const clipped = runs.map((r) => ({ ...r, start: Math.max(r.start, from), end: Math.min(r.end, to) }));
  return { from, to, runs: clipped, gaps, covered: coveredMs(clipped), bytes: clipped.reduce((s, r) => s + r.bytes, 0) };
}

// The files, less any recording file that a segment of its run already holds.
function withoutDoubles(files: readonly FootageFile[]): readonly FootageFile[] {
  const recording = files.filter((f) => f.kind === 'recording');
  if (recording.length === 0) return files;
  const segments = files.filter((f) => f.kind === 'segment');
  const held = (r: FootageFile) => segments.some((s) => (s.run === undefined || s.run === r.run) && Math.min(s.end, r.end) - Math.max(s.start, r.start) > (r.end - r.start) / 2);
  return files.filter((f) => f.kind !== 'recording' || !held(f));
}

// Footage that starts well before the run so far ends is another pass of time (a clock stepped
// back), never part of the run: a file known by its name alone may seem a second early. Files of
// one recorder run follow each other as the merge joins them (an overlap of up to GAP_MS): the
// run's anchor moves as the recorder learns it better (a late report under load), and a step of
// the clock starts another run.
function overlapAllowed(file: FootageFile, last: FootageFile): number {
  const sameRun = file.run !== undefined && file.run === last.run;
  return file.exact && !sameRun ? OVERLAP_EXACT_MS : GAP_MS;
}

const OVERLAP_EXACT_MS = 100; // index times of files that follow each other agree to about a frame

// A file continues a run that ends at most GAP_MS before it starts and not after it (beyond
// rounding), in the same format and run. Runs are tried oldest first.
function continues(run: FootageRun, file: FootageFile): boolean {
  const last = run.files[run.files.length - 1]!;
  if (last.run !== undefined && file.run !== undefined && last.run !== file.run) return false;
  return file.start <= run.end + GAP_MS && file.start >= run.end - overlapAllowed(file, last) && sameFormat(run.format, file.format);
}

// Two formats belong to one run unless both are known and differ.
function sameFormat(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

// Time covered by runs that may overlap (footage of both sides of a clock step back).
function coveredMs(runs: readonly FootageRun[]): number {
  let covered = 0;
  let cursor = -Infinity;
  for (const r of runs) {
    const start = Math.max(r.start, cursor);
    if (r.end > start) covered += r.end - start;
    cursor = Math.max(cursor, r.end);
  }
  return covered;
}

// The run nearest to an instant (for "no footage between …; nearest: …").
export function nearestRun(runs: readonly FootageRun[], at: number): FootageRun | undefined {
  const distance = (r: FootageRun) => (at < r.start ? r.start - at : at > r.end ? at - r.end : 0);
  return runs.reduce<FootageRun | undefined>((best, r) => (best === undefined || distance(r) < distance(best) ? r : best), undefined);
}
