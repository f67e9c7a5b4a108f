import { describe, expect, it } from 'vitest';
import type { RecorderStatus } from '../../../src/recorder/state-file.js';
import { buildStatus } from '../../../src/status/report.js';
import { formatMetrics } from '../../../src/web/metrics.js';
import { statusMetrics, type CameraMetrics } from '../../../src/web/status-metrics.js';

const now = new Date('2026-11-30T12:00:00Z');
const iso = (s: string) => new Date(`2026-11-30T${s}Z`).toISOString();
const state: RecorderStatus = {
  version: 1, camera: 'cam1', pid: 1, state: 'recording', detail: 'recording', since: iso('11:00:00'),
  started_at: iso('10:00:00'), updated_at: iso('11:59:58'), last_segment_at: null, outage_since: null,
};
const files = { files: 40, segments: 7, bytes: 123_456_789, bytesEstimated: false, newestEnd: Date.parse(iso('11:59:57')), oldestStart: Date.parse(iso('00:00:00')), coverageToday: 0.75, gapsToday: 1, quarantine: { files: 0, bytes: 0 } };
const waiting: RecorderStatus = { ...state, camera: 'cam2', state: 'waiting', last_error: 'no answer from rtsp://admin:***@10.0.0.2/stream' };

function metrics(): string {
  const units = new Map([['cam1', { active_state: 'active', sub_state: 'running', result: 'success', n_restarts: 4 }], ['cam2', null]]);
  const doc = buildStatus([{ name: 'cam1', state, files }, { name: 'cam2', state: waiting, files: { ...files, newestEnd: null, oldestStart: null } }], { reachable: true, units, timers: [] }, [{ path: '/srv/cams', cameras: ['cam1', 'cam2'], free_bytes: 5e9, total_bytes: 1e11 }], now);
  const merge = { version: 1 as const, job: 'merge' as const, started_at: iso('11:59:00'), duration_s: 2.5, exit_code: 1, last_success_at: iso('11:58:00') };
  const cameras: CameraMetrics[] = [
    { report: doc.cameras[0]!, files: { ...files, coverageToday: 0.123456789 }, recorder: { ...state, outages: 2 }, runs: { merge } },
    { report: doc.cameras[1]!, files: { ...files, newestEnd: null, oldestStart: null }, recorder: undefined, runs: {} },
  ];
  return formatMetrics(statusMetrics(cameras, doc.disks, now));
}

describe('the off-site metrics', () => {
  it('give per camera the lag, the bytes pending and max_lag in base units, only with offsite: set', () => {
    const offsite = { lag_s: 95, oldest_pending: iso('11:58:25'), pending_bytes: 7_500_000, pending_files: 2, max_lag_s: 600, error: null };
    const doc = buildStatus([{ name: 'cam1', state, files, offsite }, { name: 'cam2', state, files }], { reachable: true, units: new Map(), timers: [] }, [], now);
    const cameras = doc.cameras.map((report): CameraMetrics => ({ report, files, recorder: state, runs: {} }));
    const lines = formatMetrics(statusMetrics(cameras, [], now)).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['cams_offsite_lag_seconds{camera="cam1"} 95', 'cams_offsite_pending_bytes{camera="cam1"} 7500000', 'cams_offsite_max_lag_seconds{camera="cam1"} 600', '# TYPE cams_offsite_lag_seconds gauge']));
    expect(lines.filter((l) => l.includes('cam2') && l.startsWith('cams_offsite'))).toEqual([]);
    const unknown = buildStatus([{ name: 'cam1', state, files, offsite: { ...offsite, lag_s: null, pending_bytes: null, error: 'no' } }], { reachable: true, units: new Map(), timers: [] }, [], now);
    const text = formatMetrics(statusMetrics([{ report: unknown.cameras[0]!, files, recorder: state, runs: {} }], [], now));
    expect(text).not.toMatch(/^cams_offsite_(lag_seconds|pending_bytes)/m);
  });
});

describe('the metrics of the status facts', () => {
  const text = metrics();
  const sample = (line: string) => expect(text.split('\n')).toContain(line);

  it('say per camera whether it records, and its recorder state as one series per state with 1 for the current', () => {
    sample('cams_camera_recording{camera="cam1"} 1');
    sample('cams_camera_recording{camera="cam2"} 0');
    sample('cams_recorder_state{camera="cam1",state="recording"} 1');
    sample('cams_recorder_state{camera="cam1",state="not running"} 0');
    sample('cams_recorder_state{camera="cam2",state="reconnecting"} 1');
    expect(text.match(/^cams_recorder_state\{camera="cam2",.*\} 1$/gm)).toHaveLength(1);
  });

  it('give the footage in base units: age and oldest in seconds, coverage as an unrounded ratio, size in bytes, segments waiting', () => {
    sample('cams_footage_newest_age_seconds{camera="cam1"} 3');
    sample('cams_coverage_today_ratio{camera="cam1"} 0.123456789'); // not rounded as status rounds it
    sample(`cams_footage_oldest_timestamp_seconds{camera="cam1"} ${Date.parse(iso('00:00:00')) / 1000}`);
    sample('cams_footage_bytes{camera="cam1"} 123456789');
    sample('cams_segments_waiting{camera="cam1"} 7');
    expect(text).not.toMatch(/^cams_footage_newest_age_seconds\{camera="cam2"\}/m); // no footage: no sample
  });

  it('count restarts from systemd and outages from the recorder (counters), and give the recorder start time from its state file', () => {
    sample('cams_camera_outages_total{camera="cam1"} 2');
    expect(text).not.toContain('cams_camera_outages_total{camera="cam2"}'); // no state file
    sample('# TYPE cams_recorder_restarts_total counter');
    sample('cams_recorder_restarts_total{camera="cam1"} 4');
    expect(text).not.toContain('cams_recorder_restarts_total{camera="cam2"}'); // no unit installed
    sample(`cams_recorder_start_time_seconds{camera="cam1"} ${Date.parse(iso('10:00:00')) / 1000}`);
  });

  it('give free and total bytes per disk, labelled with its folder', () => {
    sample('cams_disk_free_bytes{path="/srv/cams"} 5000000000');
    sample('cams_disk_size_bytes{path="/srv/cams"} 100000000000');
  });

  it('give the last merge of a camera: start, duration, success, exit code and last success; nothing for a job never run', () => {
    sample(`cams_merge_last_run_timestamp_seconds{camera="cam1"} ${Date.parse(iso('11:59:00')) / 1000}`);
    sample('cams_merge_last_run_duration_seconds{camera="cam1"} 2.5');
    sample('cams_merge_last_run_success{camera="cam1"} 0');
    sample('cams_merge_last_run_exit_code{camera="cam1"} 1');
    sample(`cams_merge_last_success_timestamp_seconds{camera="cam1"} ${Date.parse(iso('11:58:00')) / 1000}`);
    expect(text).not.toContain('cams_clean_last_run');
    expect(text).not.toContain('cams_merge_last_run_success{camera="cam2"}');
  });

  it('carry HELP and TYPE for every metric, use only the cams_ namespace, and say nothing of URLs or reasons', () => {
    const names = [...new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => /^[a-z_]+/.exec(l)![0]))];
    for (const name of names) {
      expect(name).toMatch(/^cams_/);
      sample(`# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}`);
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(text).not.toMatch(/rtsp|10\.0\.0\.2|no answer/);
  });
});
