import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatMetrics, formatValue } from '../../../src/web/metrics.js';

describe('the Prometheus text format', () => {
  it('writes HELP and TYPE before the samples of each family, one sample a line, ending with a line feed', () => {
    const text = formatMetrics([
      { name: 'cams_camera_recording', help: 'Whether the camera records.', type: 'gauge', samples: [{ labels: { camera: 'cam1' }, value: 1 }, { labels: { camera: 'cam2' }, value: 0 }] },
      { name: 'cams_recorder_restarts_total', help: 'Restarts.', type: 'counter', samples: [{ value: 3 }] },
    ]);
    expect(text).toBe([
      '# HELP cams_camera_recording Whether the camera records.',
      '# TYPE cams_camera_recording gauge',
      'cams_camera_recording{camera="cam1"} 1',
      'cams_camera_recording{camera="cam2"} 0',
      '# HELP cams_recorder_restarts_total Restarts.',
      '# TYPE cams_recorder_restarts_total counter',
      'cams_recorder_restarts_total 3',
      '',
    ].join('\n'));
  });

  it('escapes backslash, double quote and line feed in label values, and backslash and line feed in HELP', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = formatMetrics([{ name: 'cams_x', help: 'one\\two\nthree "q"', type: 'gauge', samples: [{ labels: { camera: 'yard "east"\\\n2', state: 'not running' }, value: 1 }] }]);
    expect(text).toContain('# HELP cams_x one\\\\two\\nthree "q"\n');
    expect(text).toContain('cams_x{camera="yard \\"east\\"\\\\\\n2",state="not running"} 1\n');
  });

  it('writes numbers as Prometheus reads them: decimals, exponents, NaN and ±Inf', () => {
    expect([0.5, 1700000000.123, 1e21, Number.NaN, Infinity, -Infinity, -0.25].map(formatValue)).toEqual(['0.5', '1700000000.123', '1e+21', 'NaN', '+Inf', '-Inf', '-0.25']);
  });

  it('leaves out a family without samples, and an empty list is an empty text', () => {
    expect(formatMetrics([{ name: 'cams_x', help: 'x', type: 'gauge', samples: [] }])).toBe('');
  });

  it('refuses names Prometheus cannot read, and a counter without _total', () => {
    expect(() => formatMetrics([{ name: 'cams-x', help: 'x', type: 'gauge', samples: [{ value: 1 }] }])).toThrow('metric name "cams-x" is not valid in Prometheus');
    expect(() => formatMetrics([{ name: 'cams_restarts', help: 'x', type: 'counter', samples: [{ value: 1 }] }])).toThrow('counter "cams_restarts" must end in _total');
    expect(() => formatMetrics([{ name: 'cams_x', help: 'x', type: 'gauge', samples: [{ labels: { 'a-b': 'v' }, value: 1 }] }])).toThrow('label name "a-b" of metric "cams_x"');
  });
});
