// What the merge prints: the plan (--dry-run) and one summary line per camera. Pure.
import { formatBytes } from '../log/bytes.js';
import { plural } from '../log/plural.js';
import { formatLocalTime } from '../log/logger.js';
import type { MergePlan, Waiting } from './plan.js';
import { formatInstant } from '../time/local-time.js';
import type { MergeOutcome } from './run.js';

// "cam1: merged 12 minutes from 361 segments, 88 MB, 3.1 s" (+ quarantined / failed counts), then
// what waits: "; 15 segments wait for merge_delay (120 s); the oldest is due at 10:24:00". `now`
// is the local day times are said in.
export function formatSummary(camera: string, outcome: MergeOutcome, seconds: number, now: Date): string {
  const extras = [
    outcome.plan.quarantine.length > 0 ? `${outcome.plan.quarantine.length} bad segment(s) quarantined` : '',
    outcome.failures.length > 0 ? `${outcome.failures.length} minute file(s) failed` : '',
  ].filter(Boolean);
  const head = outcome.minutes === 0 && outcome.failures.length === 0 ? `${camera}: nothing to merge` : `${camera}: merged ${plural(outcome.minutes, 'minute')} from ${plural(outcome.segments, 'segment')}, ${formatBytes(outcome.bytes)}`;
  const summary = [head, ...extras, `${seconds.toFixed(1)} s`].join(', ');
  return outcome.plan.waiting ? `${summary}; ${formatWaiting(outcome.plan.waiting, now)}` : summary;
}

// The plan as lines: one per file written, quarantined or deleted, and what waits.
export function formatPlan(camera: string, plan: MergePlan, now: Date): string[] {
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
  if (plan.waiting) lines.push(`  ${formatWaiting(plan.waiting, now)}`);
  return lines;
}

// "15 segments wait for merge_delay (120 s); the oldest is due at 10:24:00" (with the date when
// that is not today).
function formatWaiting(waiting: Waiting, now: Date): string {
  const due = formatLocalTime(waiting.oldestDue);
  const when = due.slice(0, 10) === formatLocalTime(now).slice(0, 10) ? due.slice(11) : due;
  const verb = waiting.segments === 1 ? 'waits' : 'wait';
  return `${plural(waiting.segments, 'segment')} ${verb} for merge_delay (${waiting.mergeDelay} s); the oldest is due at ${when}`;
}

// "the clock was stepped by -30.0 s at 2026-11-30 10:02:10 +0100: footage before and after the
// step is in separate files" for each step the merge meets.
export function describeSteps(steps: ReadonlyArray<{ step: number; at: number }>): string[] {
  return steps.map((s) => `the clock was stepped by ${s.step > 0 ? '+' : ''}${s.step.toFixed(1)} s at ${formatInstant(s.at)}: footage before and after the step is in separate files`);
}
