import { describe, expect, it } from 'vitest';
import { buildStatus, formatStatus } from '../../../src/status/report.js';
import { unitsExpected, type SystemdState } from '../../../src/status/systemd-state.js';

const NO_SYSTEMD = 'System has not been booted with systemd as init system (PID 1). Can\'t operate.';

function unreachable(expected: boolean): SystemdState {
  return { reachable: false, error: NO_SYSTEMD, expected, units: new Map([['cam1', null], ['cam2', null]]), timers: [] };
}

describe('systemd in status', () => {
  const files = { files: 0, segments: 0, bytes: 0, bytesEstimated: false, newestEnd: null, oldestStart: null, coverageToday: 0, gapsToday: 0, quarantine: { files: 0, bytes: 0 } };
  const cameras = [{ name: 'cam1', state: undefined, files }, { name: 'cam2', state: undefined, files }];

  it('says nothing of systemd where no units were expected', () => {
    const text = formatStatus(buildStatus(cameras, unreachable(false), [], new Date()));
    expect(text).not.toContain('systemd');
  });

  it('where units were expected, says once and briefly that it cannot be asked', () => {
    const text = formatStatus(buildStatus(cameras, unreachable(true), [], new Date()));
    expect(text.split('\n').filter((line) => line.includes('systemd'))).toEqual([
      'systemd: not reachable (System has not been booted with systemd as init system (PID 1)); unit states unknown',
    ]);
  });

  it('units are expected when installed, under systemd, or on a machine booted with it', () => {
    const none = () => false;
    expect(unitsExpected(false, {}, none)).toBe(false);
    expect(unitsExpected(true, { HOME: '/home/u' }, none)).toBe(false);
    expect(unitsExpected(false, { INVOCATION_ID: 'abc' }, none)).toBe(true);
    expect(unitsExpected(false, {}, (f) => f === '/run/systemd/system')).toBe(true);
    expect(unitsExpected(false, {}, (f) => f === '/etc/systemd/system/cams-record@.service')).toBe(true);
    expect(unitsExpected(true, { XDG_CONFIG_HOME: '/home/u/.config' }, (f) => f === '/home/u/.config/systemd/user/cams-record@.service')).toBe(true);
  });
});
