// The merge plan, a pure function: the camera's segments and merged files (with what inspecting
// them found) + now + merge_delay → what to quarantine, what to join into which file, what to delete.
//
import { freeName } from '../recorder/naming.js';
import { parseLocalStamp } from '../time/local-time.js';

// The rule (README quotes it):
// - A minute is merged once all of it is older than merge_delay (its end, by the names, is at least
//   merge_delay seconds ago), so a minute is normally written once, whole.
// - Segments belong to the minute of their first frame (the recorder's exact time, else the name).
//   Within a minute, footage is joined into one file per continuous part: a part ends where the
//   codec parameters change (codec, resolution, audio or not: anything in the sample description),
//   where the run of footage changes (another FFmpeg run, or a step of the clock: footage is never
//   joined across one), or where the next footage starts more than GAP_SECONDS after the previous
//   one ended (a name alone has 1-second precision, so a shorter gap cannot be told from rounding).
//   A gap is thus never erased: it is the space between two files.
// - The first part written for a minute is merged/YYYYMMDD_HHMM.mp4, further parts take the first
//   free YYYYMMDD_HHMM_N.mp4 (N = 1, 2, …); each file's own start time is in its MP4 header (mvhd
//   creation time) and in its manifest.
// - A merged file that is not ours to rewrite is kept as it is and its name is never written over:
//   one of the original tool (a regular MP4, no manifest: where its footage starts in the minute is
//   unknown, so it cannot be placed among new segments without guessing) or one that cannot be read.
//   New segments of its minute go to the next free _N name.
// - Late segments for a minute that already has merged files are joined with the file they
//   continue (or that continues them) into a new file that replaces it under its name.
// - Every merged file carries a manifest of the segments inside it (name and size). A segment
//   listed in a manifest is already merged: it is deleted; a merged file whose manifest is inside
//   another's is deleted too. That is how a run killed after a rename finishes on the next run.

export const GAP_SECONDS = 1;

export interface SegmentItem {
  name: string;
  minute: string; // YYYYMMDD_HHMM[±HHMM]: the minute of its first frame
  start: Date; // its first frame: exact when the recorder's segment times know it, else from its name
  run?: string; // the run of footage it belongs to (FFmpeg run and clock epoch), when known
  size: number;
  // What inspecting the file found: undefined when it was not inspected (not due yet).
  media?: { ok: true; formatKey: string; duration: number } | { ok: false; reason: string };
}

export interface MergedItem {
  name: string;
  minute: string;
  start: Date; // the footage's start (from its header), else the minute's start
  duration: number;
  size: number;
  formatKey: string;
  sources: string[]; // its manifest: "name:size" of every segment inside
  joinable: boolean; // false: kept as it is (the original tool's regular MP4, or unreadable)
}

export interface PlanInput {
  segments: SegmentItem[];
  merged: MergedItem[];
  now: Date;
  mergeDelay: number; // seconds
}

export type PartInput = { kind: 'segment'; item: SegmentItem } | { kind: 'merged'; item: MergedItem };

export interface JoinOp {
  minute: string;
  output: string; // name in merged/; replaces the merged file of that name if it is an input
  inputs: PartInput[];
  start: Date;
  duration: number; // expected seconds: the sum of the inputs' video durations
  bytes: number;
}

export interface MergePlan {
  quarantine: Array<{ name: string; reason: string }>;
  joins: JoinOp[];
  deleteSegments: Array<{ name: string; reason: string }>; // already inside a merged file
  deleteMerged: Array<{ name: string; reason: string }>; // wholly inside another merged file
  waiting?: Waiting; // segments left for a later run: their minute is not older than merge_delay yet
}

export interface Waiting {
  segments: number;
  oldestDue: Date; // when the first of them may be merged
  mergeDelay: number; // seconds
}

// Plans one camera's merge.
export function planMerge(input: PlanInput): MergePlan {
  const { redundant, kept } = splitRedundant(input.merged);
  const merged = new Map<string, string>();
  for (const file of kept) for (const source of file.sources) merged.set(source, file.name);
  const plan: MergePlan = { quarantine: [], joins: [], deleteSegments: [], deleteMerged: redundant };
  const fresh: SegmentItem[] = [];
  const waiting: SegmentItem[] = [];
  for (const segment of input.segments) {
    const holder = merged.get(sourceKey(segment));
    if (holder) plan.deleteSegments.push({ name: segment.name, reason: `already in merged/${holder}` });
    else if (segment.media?.ok === false) plan.quarantine.push({ name: segment.name, reason: segment.media.reason });
    else if (!isDue(segment.minute, input)) waiting.push(segment);
    else if (segment.media?.ok) fresh.push(segment);
  }
  for (const [minute, segments] of groupBy(fresh, (s) => s.minute)) {
    plan.joins.push(...planMinute(minute, segments, kept.filter((m) => m.minute === minute)));
  }
  if (waiting.length > 0) plan.waiting = waitingFor(waiting, input.mergeDelay);
  return plan;
}

// How many segments wait, and when the oldest minute among them is due (by instant: in the
// repeated hour "…0130-0500" sorts before "…0145-0400" but comes after it).
function waitingFor(segments: SegmentItem[], mergeDelay: number): Waiting {
  const due = Math.min(...[...new Set(segments.map((s) => s.minute))].map((m) => dueAt(m, mergeDelay).getTime()));
  return { segments: segments.length, oldestDue: new Date(due), mergeDelay };
}

// "name:size": how a manifest names a segment.
export function sourceKey(segment: { name: string; size: number }): string {
  return `${segment.name}:${segment.size}`;
}

// The minutes whose segments may be merged: the whole minute is older than merge_delay.
export function isDue(minute: string, input: Pick<PlanInput, 'now' | 'mergeDelay'>): boolean {
  return dueAt(minute, input.mergeDelay).getTime() <= input.now.getTime();
}

// When a minute becomes due: merge_delay after its end.
function dueAt(minute: string, mergeDelay: number): Date {
  return new Date(minuteStart(minute).getTime() + 60_000 + mergeDelay * 1000);
}

// The instant a minute stamp ("YYYYMMDD_HHMM[±HHMM]") starts at.
export function minuteStart(minute: string): Date {
  return new Date(parseLocalStamp(minute) ?? Number.NaN);
}

// A merged file whose manifest lies inside another's (a run was killed before deleting it).
function splitRedundant(files: MergedItem[]): { redundant: MergePlan['deleteMerged']; kept: MergedItem[] } {
  const redundant: MergePlan['deleteMerged'] = [];
  const kept = files.filter((file) => {
    const container = files.find((other) => other !== file && contains(other, file));
    if (container) redundant.push({ name: file.name, reason: `all its footage is in merged/${container.name}` });
    return !container;
  });
  return { redundant, kept };
}

function contains(outer: MergedItem, inner: MergedItem): boolean {
  if (inner.sources.length === 0 || inner.sources.length > outer.sources.length) return false;
  const set = new Set(outer.sources);
  if (!inner.sources.every((s) => set.has(s))) return false;
  return inner.sources.length < outer.sources.length || inner.name > outer.name;
}

// One minute: its new segments and merged files in time order, cut into continuous parts.
function planMinute(minute: string, segments: SegmentItem[], existing: MergedItem[]): JoinOp[] {
  const items: PartInput[] = [
    ...existing.filter((m) => m.joinable).map((item): PartInput => ({ kind: 'merged', item })),
    ...segments.map((item): PartInput => ({ kind: 'segment', item })),
  ].sort((a, b) => a.item.start.getTime() - b.item.start.getTime() || a.item.name.localeCompare(b.item.name));
  const taken = new Set(existing.map((m) => m.name));
  const joins: JoinOp[] = [];
  for (const run of splitRuns(items)) {
    if (!run.some((p) => p.kind === 'segment')) continue; // nothing new: leave it as it is
    const output = run.find((p) => p.kind === 'merged')?.item.name ?? freeName(`${minute}.mp4`, (n) => taken.has(n));
    taken.add(output);
    const duration = run.reduce((sum, p) => sum + partDuration(p), 0);
    joins.push({ minute, output, inputs: run, start: run[0]!.item.start, duration, bytes: run.reduce((sum, p) => sum + p.item.size, 0) });
  }
  return joins;
}

// Cuts time-ordered items into continuous parts. An item continues an open part of the same
// format and run that ends within GAP_SECONDS before it (or up to OVERLAP_MS after it: a name's
// rounding); anything else starts a part of its own. So footage of two runs whose times overlap
// (after the clock was stepped back) makes two parts, never one that alternates between them.
function splitRuns(items: PartInput[]): PartInput[][] {
  const parts: Array<{ items: PartInput[]; end: number }> = [];
  for (const item of items) {
    const start = item.item.start.getTime();
    const end = start + partDuration(item) * 1000;
    const open = parts.find((part) => continues(part, item, start));
    if (open) {
      open.items.push(item);
      open.end = Math.max(open.end, end);
    } else parts.push({ items: [item], end });
  }
  return parts.map((part) => part.items);
}

// A name has 1-second precision: footage known by its name may seem to start this much early.
const OVERLAP_MS = 1000;

function continues(part: { items: PartInput[]; end: number }, item: PartInput, start: number): boolean {
  const last = part.items[part.items.length - 1]!;
  if (formatOf(part.items[0]!) !== formatOf(item) || otherRun(last, item)) return false;
  return start <= part.end + GAP_SECONDS * 1000 && start >= part.end - OVERLAP_MS;
}

export function partDuration(part: PartInput): number {
  if (part.kind === 'merged') return part.item.duration;
  return part.item.media?.ok ? part.item.media.duration : 0;
}

// Two segments of different known runs (a merged file's run is that of its last segment: unknown).
function otherRun(a: PartInput, b: PartInput): boolean {
  if (a.kind !== 'segment' || b.kind !== 'segment') return false;
  return a.item.run !== undefined && b.item.run !== undefined && a.item.run !== b.item.run;
}

function formatOf(part: PartInput): string {
  if (part.kind === 'merged') return part.item.formatKey;
  return part.item.media?.ok ? part.item.media.formatKey : '';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
