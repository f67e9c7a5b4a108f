// Pure: the `status` document (stable JSON, version 1) and its text table.
import { formatLocalTime } from '../log/logger.js';
import { formatInstant } from '../time/local-time.js';
import { formatBytes, formatDuration } from '../notify/messages.js';
import { HEARTBEAT_MS, type RecorderStatus } from '../recorder/state-file.js';
import type { DiskState } from './disks.js';
import type { OffsiteLag } from './offsite-lag.js';
import type { Recordings } from './recordings.js';
import type { SystemdState, TimerState, UnitState } from './systemd-state.js';

// A state file not refreshed for this long belongs to a recorder that is gone or stuck.
export const STALE_MS = 3 * HEARTBEAT_MS;

export interface CameraReport {
  name: string;
  recording: boolean;
  recorder_state: string; // recording / reconnecting / stalled / stopped / not running / not responding
  state_since: string | null;
  last_segment_age_s: number | null;
  coverage_today: number;
  gaps_today: number;
  bytes: number;
  bytes_estimated: boolean;
  segments_waiting: number; // files in segments/, not merged yet (the one being recorded is in .staging/)
  oldest_recording: string | null;
  quarantine_files: number; // files the checks refused (quarantine/), kept for retention_days
  quarantine_bytes: number;
  reason: string | null; // why the recorder's last attempt failed, while it is not recording
  clock: { synchronised: boolean | null; detail: string } | null; // what the recorder knows of the wall clock
  clock_step: { seconds: number; at: string } | null; // the last step of the clock the recorder saw
  unit: UnitState | null;
  offsite: OffsiteLag | null; // with offsite: configured: how far behind the off-site copy is
}

export interface StatusDocument {
  version: 1;
  generated_at: string;
  all_recording: boolean;
  cameras: CameraReport[];
  disks: DiskState[];
  timers: TimerState[];
  systemd: { reachable: boolean; error?: string; expected?: boolean };
}

export interface CameraInput {
  name: string;
  state: RecorderStatus | undefined;
  files: Recordings;
  offsite?: OffsiteLag;
}

export function buildStatus(cameras: CameraInput[], systemd: SystemdState, disks: DiskState[], now: Date): StatusDocument {
  const reports = cameras.map((c) => cameraReport(c, systemd.units.get(c.name) ?? null, now));
  return {
    version: 1,
    generated_at: now.toISOString(),
    all_recording: reports.every((r) => r.recording),
    cameras: reports,
    disks,
    timers: systemd.timers,
    systemd: { reachable: systemd.reachable, ...(systemd.error ? { error: systemd.error } : {}), ...(systemd.reachable ? {} : { expected: Boolean(systemd.expected) }) },
  };
}

function cameraReport({ name, state, files, offsite }: CameraInput, unit: UnitState | null, now: Date): CameraReport {
  const recorderState = recorderView(state, now);
  const unitDown = unit !== null && unit.active_state !== 'active' && unit.active_state !== 'reloading';
  return {
    name,
    recording: recorderState === 'recording' && !unitDown,
    recorder_state: recorderState,
    state_since: state?.since ?? null,
    last_segment_age_s: files.newestEnd === null ? null : Math.max(0, Math.round((now.getTime() - files.newestEnd) / 1000)),
    coverage_today: Math.round(files.coverageToday * 10000) / 10000,
    gaps_today: files.gapsToday,
    bytes: files.bytes,
    bytes_estimated: files.bytesEstimated,
    segments_waiting: files.segments,
    oldest_recording: files.oldestStart === null ? null : new Date(files.oldestStart).toISOString(),
    quarantine_files: files.quarantine.files,
    quarantine_bytes: files.quarantine.bytes,
    reason: recorderState === 'reconnecting' ? (state?.last_error ?? null) : null,
    clock: state?.clock ?? null,
    clock_step: state?.clock_step ?? null,
    unit,
    offsite: offsite ?? null,
  };
}

// What the state file says the recorder is doing, judged by how fresh it is.
export function recorderView(state: RecorderStatus | undefined, now: Date): string {
  if (!state) return 'not running';
  if (state.state === 'stopped') return 'stopped';
  if (now.getTime() - Date.parse(state.updated_at) > STALE_MS) return 'not running';
  if (state.state === 'connecting' || state.state === 'waiting') return 'reconnecting';
  return state.state;
}

// The text table, then disks and timers.
export function formatStatus(doc: StatusDocument): string {
  const offsite = doc.cameras.some((c) => c.offsite);
  const head = ['CAMERA', 'UNIT', 'RECORDER', 'NEWEST', 'TODAY', 'GAPS', 'SIZE', 'OLDEST', ...(offsite ? ['OFF-SITE'] : [])];
  const rows = doc.cameras.map((c) => [
    c.name,
    c.unit ? `${c.unit.active_state}${c.unit.n_restarts ? `, ${c.unit.n_restarts} restarts` : ''}` : doc.systemd.reachable ? 'not installed' : '-',
    c.recorder_state,
    c.last_segment_age_s === null ? '-' : `${formatDuration(c.last_segment_age_s)} ago`,
    `${(c.coverage_today * 100).toFixed(1)}%`,
    String(c.gaps_today),
    `${c.bytes_estimated ? '~' : ''}${formatBytes(c.bytes)}`,
    c.oldest_recording ? formatLocalTime(new Date(c.oldest_recording)).slice(0, 16) : '-',
    ...(offsite ? [offsiteCell(c.offsite)] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line), ...notes(doc.cameras), ''];
  for (const d of doc.disks) {
    const share = d.total_bytes ? ` (${Math.round((d.free_bytes / d.total_bytes) * 100)}%)` : '';
    out.push(`disk ${d.path} (${d.cameras.join(', ')}): ${formatBytes(d.free_bytes)} free of ${formatBytes(d.total_bytes)}${share}`);
  }
  for (const t of doc.timers) out.push(`timer ${t.unit} (${t.active_state}): last ${when(t.last_run)}, next ${when(t.next_run)}`);
  // Without systemd (a container, a laptop without the units) there is nothing to say about units.
  if (!doc.systemd.reachable && doc.systemd.expected) out.push(`systemd: not reachable (${firstSentence(doc.systemd.error ?? 'unknown')}); unit states unknown`);
  return out.join('\n') + '\n';
}

// "System has not been booted with systemd as init system (PID 1). Can't operate." → its first sentence.
function firstSentence(text: string): string {
  return text.split(/\.(?:\s|$)/)[0]!;
}

// Below the table: why a camera is not recording, and what its quarantine holds.
function notes(cameras: CameraReport[]): string[] {
  const out: string[] = [];
  for (const c of cameras) {
    if (c.reason) out.push(`${c.name}: ${c.reason}`);
    if (c.clock && c.clock.synchronised === false) out.push(`${c.name}: the clock is ${c.clock.detail}`);
    if (c.clock_step) out.push(`${c.name}: the clock was stepped by ${c.clock_step.seconds > 0 ? '+' : ''}${c.clock_step.seconds.toFixed(1)} s at ${formatInstant(Date.parse(c.clock_step.at))}`);
    if (c.offsite?.error) out.push(`${c.name}: off-site lag unknown: ${c.offsite.error}`);
    if (c.offsite?.lag_s && c.offsite.lag_s > c.offsite.max_lag_s) out.push(`${c.name}: the off-site copy is ${formatDuration(c.offsite.lag_s)} behind, more than offsite.max_lag (${formatDuration(c.offsite.max_lag_s)})`);
    if (c.quarantine_files) out.push(`${c.name}: quarantine/ holds ${c.quarantine_files} unplayable file(s), ${formatBytes(c.quarantine_bytes)} (deleted after retention_days)`);
  }
  return out;
}

// "up to date", "3m 10s behind, 12.0 MB to send", or "?" when the state could not be read.
function offsiteCell(lag: OffsiteLag | null): string {
  if (!lag || lag.lag_s === null) return '?';
  if (lag.lag_s === 0 && !lag.pending_bytes) return 'up to date';
  return `${formatDuration(lag.lag_s)} behind, ${formatBytes(lag.pending_bytes ?? 0)} to send`;
}

function when(iso: string | null): string {
  return iso ? formatLocalTime(new Date(iso)) : 'never';
}
