import { describe, expect, it } from 'vitest';
import { withCamera } from '../../../src/supervisor/log-lines.js';

describe('a child\'s line under `run`', () => {
  it('keeps a line that names its camera and names it in the others, after the time or priority', () => {
    expect(withCamera('cam1', '2026-12-01 10:00:00 INFO  cam1: recording')).toBe('2026-12-01 10:00:00 INFO  cam1: recording');
    expect(withCamera('cam1', '<6>cam1: recording')).toBe('<6>cam1: recording');
    expect(withCamera('cam1', 'cams-manager: config "/c.yaml" is invalid')).toBe('cam1: cams-manager: config "/c.yaml" is invalid');
    expect(withCamera('cam1', '<3>boom')).toBe('<3>cam1: boom');
    expect(withCamera('cam1', '2026-12-01 10:00:00 ERROR cam10: x')).toBe('2026-12-01 10:00:00 ERROR cam1: cam10: x');
  });
});
