// Pure: is a camera recording right now, by its recorder's state file (as `status` judges it)? For
// `cams-manager health`: Docker's HEALTHCHECK, Kubernetes' exec probes.
import { formatDuration } from '../log/duration.js';
import type { RecorderStatus } from '../recorder/state-file.js';
import { recorderView } from './report.js';

export interface Health {
  ok: boolean;
  why: string; // "cam1: reconnecting: camera unreachable: connection refused"
}

// `state`: the file as read; undefined when there is none, or when it cannot be read (`exists`).
export function cameraHealth(camera: string, state: RecorderStatus | undefined, file: string, now: Date, exists = state !== undefined): Health {
  const view = recorderView(state, now);
  if (view === 'recording') return { ok: true, why: `${camera}: recording` };
  if (!state) return { ok: false, why: exists ? `${camera}: ${file} cannot be read (permissions?)` : `${camera}: no recorder has run here (no ${file})` };
  if (view === 'not running') return { ok: false, why: `${camera}: the recorder is not running (its state was last written ${formatDuration((now.getTime() - Date.parse(state.updated_at)) / 1000)} ago)` };
  if (view === 'stopped') return { ok: false, why: `${camera}: the recorder stopped ${formatDuration((now.getTime() - Date.parse(state.since)) / 1000)} ago` };
  const reason = view === 'reconnecting' ? (state.last_error ?? state.detail) : state.detail;
  return { ok: false, why: `${camera}: ${view}${reason && reason !== view ? `: ${reason}` : ''}` };
}
