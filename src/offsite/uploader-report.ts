// What the uploader says: a line per action done (debug), systemd's STATUS= line, the dry run's
// plan. Pure.
import { formatDuration } from '../log/duration.js';
import { formatLocalTime } from '../log/logger.js';
import { formatBytes } from '../notify/messages.js';
import type { RemoteHealth } from './backoff.js';
import type { OffsiteAction } from './plan.js';
import type { Queued } from './schedule.js';

export interface CameraBacklog {
  camera: string;
  lagSeconds: number;
  pendingBytes: number;
  pendingFiles: number;
}

// "sent cam1/segments/20261201_031002.mp4 (1.0 MiB)", "deleted … (replaced by …)".
export function describeAction(action: OffsiteAction): string {
  if (action.type === 'upload') return `sent ${action.remote} (${formatBytes(action.bytes)})`;
  if (action.type === 'delete') return `deleted ${action.remote} (${action.reason === 'replaced' ? `replaced by ${action.by ?? 'a merged minute'}` : 'past offsite.retention_days'})`;
  return `resolved the interrupted upload of ${action.pending.path}`;
}

// systemd's STATUS=: "off-site lag cam1 2 s, cam2 0 s; 3 files (2.9 MiB) to send" (+ the failure).
export function statusLine(cameras: readonly CameraBacklog[], health: RemoteHealth, now: number): string {
  const lags = cameras.map((c) => `${c.camera} ${formatDuration(c.lagSeconds)}`).join(', ');
  const files = cameras.reduce((n, c) => n + c.pendingFiles, 0);
  const bytes = cameras.reduce((n, c) => n + c.pendingBytes, 0);
  const failing = health.failures > 0 ? `; remote failing for ${formatDuration((now - (health.since ?? now)) / 1000)}` : '';
  return `off-site lag ${lags || 'none'}; ${files} file${files === 1 ? '' : 's'} (${formatBytes(bytes)}) to send${failing}`;
}

// The dry run: one line per action in the order they would go, then each camera's lag and bytes.
export function formatDryRun(queue: readonly Queued[], cameras: readonly CameraBacklog[]): string[] {
  const lines = queue.map(({ action }) => dryRunLine(action));
  for (const c of cameras) lines.push(`${c.camera}: lag ${formatDuration(c.lagSeconds)}, ${c.pendingFiles} file${c.pendingFiles === 1 ? '' : 's'} (${formatBytes(c.pendingBytes)}) to send`);
  return lines;
}

function dryRunLine(action: OffsiteAction): string {
  if (action.type === 'upload') return `upload  ${action.remote}  ${formatBytes(action.bytes)}  footage from ${formatLocalTime(new Date(action.start))}${action.covered ? '  (already off-site as segments)' : ''}`;
  if (action.type === 'delete') return `delete  ${action.remote}  (${action.reason === 'replaced' ? `replaced by ${action.by ?? 'a merged minute'}` : 'past offsite.retention_days'})`;
  return `recover ${action.pending.path}  (an upload interrupted at ${formatLocalTime(new Date(action.pending.since))})`;
}
