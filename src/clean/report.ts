// What the clean prints: one summary line per camera, and with --dry-run each file it would delete. Pure.
import path from 'node:path';
import { formatBytes } from '../log/bytes.js';
import type { Deletion } from './plan.js';

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
