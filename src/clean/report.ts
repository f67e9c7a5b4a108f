// What the clean prints: one summary line per camera, and with --dry-run each file it would delete. Pure.
import path from 'node:path';
import { formatBytes } from '../log/bytes.js';
import { formatInstant } from '../time/local-time.js';
import type { CleanPlan, Deletion, Recording } from './plan.js';

// "cam1: deleted 12 recordings, 88 MB (10 past retention, 2 for the disk budget)".
export function formatCleanSummary(camera: string, deletions: Deletion[], dryRun: boolean): string {
  if (deletions.length === 0) return `${camera}: nothing to delete`;
  const bytes = deletions.reduce((n, d) => n + d.recording.bytes, 0);
  const old = deletions.filter((d) => d.reason === 'retention').length;
  const why = [old > 0 ? `${old} past retention` : '', old < deletions.length ? `${deletions.length - old} for the disk budget` : ''].filter(Boolean).join(', ');
  const count = `${deletions.length} recording${deletions.length === 1 ? '' : 's'}`;
  return `${camera}: ${dryRun ? 'would delete' : 'deleted'} ${count}, ${formatBytes(bytes)} (${why})`;
}

// "  delete merged/20261115_1010.mp4 (past retention)" for each deletion, oldest first.
export function formatCleanPlan(deletions: Deletion[]): string[] {
  return deletions.map((d) => {
    const shown = path.join(path.basename(path.dirname(d.recording.file)), path.basename(d.recording.file));
    return `  delete ${shown} (${d.reason === 'retention' ? 'past retention' : 'disk budget'})`;
  });
}

// What the off-site interlock changed for a camera, one line each (none when nothing), with the
// level to log it at: "door: kept 3 recordings, 9 MB, not off-site yet though past retention or
// over the disk budget (offsite.required); the oldest from 2026-11-24 12:00:00 +0100" (info); with
// offsite.required false "door: deleted 2 recordings, 6 MB, before they went off-site
// (offsite.required is false: local retention wins); the oldest from …" (warn); and, required but
// the disk below min_free, "door: deleted 1 recording, … NOT off-site yet …" (error).
export interface OffsiteNote {
  level: 'info' | 'warn' | 'error';
  line: string;
}

export function formatOffsiteNotes(camera: string, offsite: CleanPlan['offsite'], dryRun: boolean): OffsiteNote[] {
  const mine = (list: Recording[] | undefined) => (list ?? []).filter((r) => r.camera === camera);
  const [held, lost, forced] = [mine(offsite?.held), mine(offsite?.lost), mine(offsite?.forced)];
  const deleted = dryRun ? 'would delete' : 'deleted';
  const notes: OffsiteNote[] = [];
  if (held.length > 0) notes.push({ level: 'info', line: `${camera}: ${dryRun ? 'would keep' : 'kept'} ${counted(held)} not off-site yet though past retention or over the disk budget (offsite.required)${oldest(held)}` });
  if (lost.length > 0) notes.push({ level: 'warn', line: `${camera}: ${deleted} ${counted(lost)} before they went off-site (offsite.required is false: local retention wins)${oldest(lost)}` });
  if (forced.length > 0) notes.push({ level: 'error', line: `${camera}: ${deleted} ${counted(forced)} NOT off-site yet though offsite.required: the disk is below retention.min_free with nothing off-site left to delete, and the recorder must keep recording${oldest(forced)}` });
  return notes;
}

function counted(recordings: Recording[]): string {
  const bytes = recordings.reduce((n, r) => n + r.bytes, 0);
  return `${recordings.length} recording${recordings.length === 1 ? '' : 's'}, ${formatBytes(bytes)},`;
}

function oldest(recordings: Recording[]): string {
  const first = recordings.reduce((m, r) => Math.min(m, r.time.getTime()), Infinity); // no spread: there may be a week of them
  return `; the oldest from ${formatInstant(first)}`;
}
