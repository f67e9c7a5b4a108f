// What the merge prints: the plan (--dry-run) and one summary line per camera. Pure.
import { formatBytes } from '../log/bytes.js';
import { plural } from '../log/plural.js';
import type { MergePlan } from './plan.js';
import type { MergeOutcome } from './run.js';

// "cam1: merged 12 minutes from 361 segments, 88 MB, 3.1 s" (+ quarantined / failed counts).
export function formatSummary(camera: string, outcome: MergeOutcome, seconds: number): string {
  const extras = [
    outcome.plan.quarantine.length > 0 ? `${outcome.plan.quarantine.length} bad segment(s) quarantined` : '',
    outcome.failures.length > 0 ? `${outcome.failures.length} minute file(s) failed` : '',
  ].filter(Boolean);
  const head = outcome.minutes === 0 && outcome.failures.length === 0 ? `${camera}: nothing to merge` : `${camera}: merged ${plural(outcome.minutes, 'minute')} from ${plural(outcome.segments, 'segment')}, ${formatBytes(outcome.bytes)}`;
  return [head, ...extras, `${seconds.toFixed(1)} s`].join(', ');
}

// The plan as lines: one per file written, quarantined or deleted.
export function formatPlan(camera: string, plan: MergePlan): string[] {
  const segments = plan.joins.reduce((n, j) => n + j.inputs.filter((p) => p.kind === 'segment').length, 0);
  const lines = [`${camera}: would merge ${plural(plan.joins.length, 'minute file')} from ${plural(segments, 'segment')}`];
  for (const join of plan.joins) {
    const names = join.inputs.map((p) => (p.kind === 'merged' ? `merged/${p.item.name}` : p.item.name));
    const what = names.length > 2 ? `${names[0]} … ${names.at(-1)} (${names.length} files)` : names.join(' + ');
    lines.push(`  write merged/${join.output} (${join.duration.toFixed(1)} s) from ${what}`);
  }
  for (const q of plan.quarantine) lines.push(`  quarantine segments/${q.name}: ${q.reason}`);
  for (const d of plan.deleteSegments) lines.push(`  delete segments/${d.name}: ${d.reason}`);
  for (const d of plan.deleteMerged) lines.push(`  delete merged/${d.name}: ${d.reason}`);
  return lines;
}
