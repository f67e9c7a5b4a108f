// Pure: the status facts (the same as `cams-manager status --json`) and the jobs' last runs →
// metric families. Labels are the camera's config name, the recorder state and the disk's folder:
// nothing from a URL, no reason text (it may quote a camera's answer), so nothing secret.
import type { RecorderStatus } from '../recorder/state-file.js';
import type { DiskState } from '../status/disks.js';
import type { JobName, JobRun } from '../status/job-runs.js';
import type { Recordings } from '../status/recordings.js';
import type { CameraReport } from '../status/report.js';
import type { MetricFamily, Sample } from './metrics.js';

// The states `status` shows (status/report.ts recorderView), each a series of its own.
export const RECORDER_STATES = ['recording', 'reconnecting', 'stalled', 'stopping', 'stopped', 'not running'] as const;

export interface CameraMetrics {
  report: CameraReport;
  files: Recordings; // what the report was made from, unrounded (status rounds coverage and age)
  recorder: Pick<RecorderStatus, 'started_at' | 'outages'> | undefined; // its state file
  runs: Partial<Record<JobName, JobRun>>;
}

export function statusMetrics(cameras: readonly CameraMetrics[], disks: readonly DiskState[], now: Date): MetricFamily[] {
  const per = (pick: (c: CameraMetrics) => number | null | undefined): Sample[] =>
    cameras.flatMap((c) => {
      const value = pick(c);
      return value === null || value === undefined ? [] : [{ labels: { camera: c.report.name }, value }];
    });
  return [
    gauge('cams_camera_recording', 'Whether the camera is recording now (1) or not (0), as cams-manager status says.', per((c) => Number(c.report.recording))),
    gauge('cams_recorder_state', `The recorder's state: 1 for the current one of ${RECORDER_STATES.join(', ')}.`, stateSamples(cameras)),
    gauge('cams_recorder_start_time_seconds', 'When the recorder process last started (unix time), from its state file: a change is a restart.', per((c) => seconds(c.recorder?.started_at))),
    counter('cams_camera_outages_total', 'Times the recorder lost the camera (disconnected or stalled) since the recorder started.', per((c) => c.recorder?.outages)),
    counter('cams_recorder_restarts_total', "Restarts of the camera's cams-record@ unit by systemd (its NRestarts; absent without systemd).", per((c) => c.report.unit?.n_restarts)),
    gauge('cams_footage_newest_age_seconds', 'Seconds since the end of the newest footage on disk (absent when there is none).', per((c) => age(c.files.newestEnd, now))),
    gauge('cams_footage_oldest_timestamp_seconds', 'Start of the oldest footage on disk (unix time).', per((c) => seconds(c.report.oldest_recording))),
    gauge('cams_coverage_today_ratio', 'Share of today so far (local midnight to now) that footage covers, 0 to 1.', per((c) => c.files.coverageToday)),
    gauge('cams_footage_bytes', 'Bytes of footage on disk (segments and merged minutes; estimated from a sample in large folders).', per((c) => c.report.bytes)),
    gauge('cams_segments_waiting', 'Segment files in segments/ not merged yet (the one being recorded is still in .staging/).', per((c) => c.report.segments_waiting)),
    gauge('cams_offsite_lag_seconds', 'Age in seconds of the oldest footage not off-site yet, 0 when all of it is (only with offsite: in the config).', per((c) => c.report.offsite?.lag_s)),
    gauge('cams_offsite_max_lag_seconds', 'offsite.max_lag of the config: the off-site lag past which the uploader alerts.', per((c) => c.report.offsite?.max_lag_s)),
    gauge('cams_offsite_pending_bytes', 'Bytes of footage still to send off-site, merged minutes replacing segments included (only with offsite: in the config).', per((c) => c.report.offsite?.pending_bytes)),
    gauge('cams_disk_free_bytes', 'Bytes free to the recorder on the filesystem of these output folders.', disks.map((d) => ({ labels: { path: d.path }, value: d.free_bytes }))),
    gauge('cams_disk_size_bytes', 'Size in bytes of the filesystem of these output folders.', disks.map((d) => ({ labels: { path: d.path }, value: d.total_bytes }))),
    ...jobMetrics('merge', per),
    ...jobMetrics('clean', per),
  ];
}

function stateSamples(cameras: readonly CameraMetrics[]): Sample[] {
  return cameras.flatMap(({ report }) => {
    const states: string[] = [...RECORDER_STATES];
    if (!states.includes(report.recorder_state)) states.push(report.recorder_state);
    return states.map((state) => ({ labels: { camera: report.name, state }, value: Number(state === report.recorder_state) }));
  });
}

type Per = (pick: (c: CameraMetrics) => number | null | undefined) => Sample[];

// Per camera, the job's last run: when, how long, its exit code and success, and the last success.
function jobMetrics(job: JobName, per: Per): MetricFamily[] {
  const run = (c: CameraMetrics) => c.runs[job];
  return [
    gauge(`cams_${job}_last_run_timestamp_seconds`, `When the last ${job} of the camera started (unix time).`, per((c) => seconds(run(c)?.started_at))),
    gauge(`cams_${job}_last_run_duration_seconds`, `How long the last ${job} of the camera took.`, per((c) => run(c)?.duration_s)),
    gauge(`cams_${job}_last_run_success`, `Whether the last ${job} of the camera succeeded (1) or failed (0).`, per((c) => (run(c) ? Number(run(c)!.exit_code === 0) : null))),
    gauge(`cams_${job}_last_run_exit_code`, `The exit code of the last ${job} for the camera (0 success, 1 failure, 73 folder not writable; see README).`, per((c) => run(c)?.exit_code)),
    gauge(`cams_${job}_last_success_timestamp_seconds`, `When the last successful ${job} of the camera started (unix time).`, per((c) => seconds(run(c)?.last_success_at))),
  ];
}

function gauge(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'gauge', samples };
}

function counter(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'counter', samples };
}

// Seconds from an instant (ms) to now, never below 0, or null.
function age(ms: number | null, now: Date): number | null {
  return ms === null ? null : Math.max(0, now.getTime() - ms) / 1000;
}

// ISO → unix seconds (with ms), or null.
function seconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
}
