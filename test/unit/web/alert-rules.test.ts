import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusMetrics } from '../../../src/web/status-metrics.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RULES = readFileSync(path.join(ROOT, 'docs/prometheus/cams-alerts.yml'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('the alert rules README documents', () => {
  it('are quoted in README exactly as in docs/prometheus/cams-alerts.yml', () => {
    expect(README).toContain('```yaml\n' + RULES + '```\n');
  });

  it('use only metric names that /metrics writes', () => {
    const written = new Set(statusMetrics([], [], new Date()).map((f) => f.name));
    const used = [...new Set(RULES.match(/\bcams_[a-z_]+/g))];
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const name of used) expect(written, name).toContain(name);
  });

  it('are for a camera not recording for 2 minutes and a disk running low', () => {
    expect(RULES).toMatch(/alert: CameraNotRecording\n\s+expr: cams_camera_recording == 0\n\s+for: 2m\n/);
    expect(RULES).toMatch(/alert: RecordingDiskLow\n\s+expr: cams_disk_free_bytes \/ cams_disk_size_bytes < 0\.05\n/);
  });

  it('include the off-site copy falling more than offsite.max_lag behind', () => {
    expect(RULES).toMatch(/alert: OffsiteLagHigh\n\s+expr: cams_offsite_lag_seconds > cams_offsite_max_lag_seconds\n/);
  });
});
