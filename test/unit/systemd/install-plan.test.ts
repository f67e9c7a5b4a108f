import { describe, expect, it } from 'vitest';
import { nextSteps, planInstall, planUninstall } from '../../../src/systemd/install-plan.js';

const files = { 'cams-record@.service': 'new', 'cams-merge.timer': 'same' };
const base = { files, existing: { 'cams-merge.timer': 'same' }, cameras: ['cam1', 'cam2'], installedCameras: [], enable: false, now: false };

describe('planInstall', () => {
  it('writes only the files that are new or changed, and always reloads systemd (a rerun fixes a reload that failed)', () => {
    expect(planInstall(base)).toEqual({ write: ['cams-record@.service'], unchanged: ['cams-merge.timer'], commands: [['daemon-reload']] });
    expect(planInstall({ ...base, existing: files })).toMatchObject({ write: [], commands: [['daemon-reload']] });
  });

  it('enables (and with --now starts) every camera and both timers, then the web server\'s socket on its own', () => {
    expect(planInstall({ ...base, existing: files, enable: true, now: true }).commands).toEqual([
      ['daemon-reload'],
      ['enable', '--now', 'cams-record@cam1.service', 'cams-record@cam2.service', 'cams-merge.timer', 'cams-clean.timer'],
      ['enable', '--now', 'cams-web.socket'],
    ]);
  });

  it('disables and stops the instance of a camera removed from the config', () => {
    const plan = planInstall({ ...base, existing: files, installedCameras: ['cam1', 'old'] });
    expect(plan.commands).toEqual([['daemon-reload'], ['disable', '--now', 'cams-record@old.service']]);
  });
});

describe('planUninstall', () => {
  it('stops and disables what is installed before removing the files, then reloads', () => {
    const plan = planUninstall({ installedCameras: ['cam1'], present: ['cams-record@.service', 'cams-manager.target', 'cams-clean.timer'] });
    expect(plan).toEqual({
      commands: [['disable', '--now', 'cams-record@cam1.service', 'cams-clean.timer'], ['stop', 'cams-manager.target']],
      remove: ['cams-record@.service', 'cams-manager.target', 'cams-clean.timer'],
      reload: true,
    });
  });

  it('disables the web socket and stops the web server before removing their files', () => {
    const plan = planUninstall({ installedCameras: [], present: ['cams-web.socket', 'cams-web.service'] });
    expect(plan.commands).toEqual([['disable', '--now', 'cams-web.socket'], ['stop', 'cams-web.service']]);
  });

  it('does nothing when nothing is installed', () => {
    expect(planUninstall({ installedCameras: [], present: [] })).toEqual({ commands: [], remove: [], reload: false });
  });
});

describe('nextSteps', () => {
  it('tells a --user install to use systemctl --user and to enable lingering', () => {
    const text = nextSteps({ cameras: ['cam1'], user: true, unitDir: '/h/.config/systemd/user', enabled: false }).join('\n');
    expect(text).toContain('systemctl --user enable --now cams-record@cam1.service cams-merge.timer cams-clean.timer cams-web.socket');
    expect(text).toContain('journalctl --user -u cams-record@cam1');
    expect(text).toContain('loginctl enable-linger');
    expect(text).toContain('systemctl --user status cams-web.socket cams-web.service');
  });
});
