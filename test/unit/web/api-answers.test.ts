import { describe, expect, it } from 'vitest';
import { codecOf } from '../../../src/web/api-cameras.js';
import { exportFileName } from '../../../src/web/api-export.js';
import { localStamp } from '../../../src/time/local-time.js';

describe('what the API answers', () => {
  it('the codec of a format is h264, hevc or another word; none without video', () => {
    expect(codecOf('h264 1920x1080 + aac')).toBe('h264');
    expect(codecOf('h265 2560x1440')).toBe('hevc');
    expect(codecOf('no video + aac')).toBeNull();
    expect(codecOf(null)).toBeNull();
  });

  it('an export is named camera_start_end with the end\'s date only when it is another day', () => {
    const start = new Date(2026, 10, 30, 14, 30, 0).getTime();
    expect(exportFileName('cam1', start, start + 600_000)).toBe('cam1_20261130_143000_144000.mp4');
    const nextDay = new Date(2026, 11, 1, 0, 5, 0).getTime();
    expect(exportFileName('cam1', start, nextDay)).toBe(`cam1_20261130_143000_${localStamp(nextDay)}.mp4`);
  });
});
