import { describe, expect, it } from 'vitest';
import { unitsOfUser } from '../../../src/web/collect-metrics.js';

describe('which systemd manager /metrics asks about the recorders', () => {
  const env = { XDG_CONFIG_HOME: '/home/u/.config' };
  const present = (...files: string[]) => (file: string) => files.includes(file);

  it('is the system manager when the system has the units, or when nobody has them', () => {
    expect(unitsOfUser(env, present('/etc/systemd/system/cams-record@.service'))).toBe(false);
    expect(unitsOfUser(env, present('/etc/systemd/system/cams-record@.service', '/home/u/.config/systemd/user/cams-record@.service'))).toBe(false);
    expect(unitsOfUser(env, present())).toBe(false);
  });

  it('is the user\'s manager when only install-units --user put the units there', () => {
    expect(unitsOfUser(env, present('/home/u/.config/systemd/user/cams-record@.service'))).toBe(true);
  });
});
