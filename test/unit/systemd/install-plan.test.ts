import { describe, expect, it } from 'vitest';
import { nextSteps, planInstall, planUninstall } from '../../../src/systemd/install-plan.js';

const files = { 'cams-record@.service': 'new', 'cams-merge.timer': 'same' };
const base = { files, existing: { 'cams-merge.timer': 'same' }, cameras: ['cam1', 'cam2'], installedCameras: [], enable: false, now: false };

describe('planInstall', () => {
  it('writes only the files that are new or changed, and always reloads systemd (a rerun fixes a reload that failed)', () => {
    expect(planInstall(base)).toEqual({ write: ['cams-record@.service'], unchanged: ['cams-merge.timer'], retire: [], remove: [], commands: [['daemon-reload']] });
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

  it('with offsite: writes cams-offsite.service and --enable enables it too', () => {
    const withOffsite = { ...files, 'cams-offsite.service': 'offsite' };
    const plan = planInstall({ ...base, files: withOffsite, existing: files, enable: true, now: false });
    expect(plan.write).toEqual(['cams-offsite.service']);
    expect(plan.commands).toContainEqual(['enable', 'cams-offsite.service']);
    expect(plan).toMatchObject({ retire: [], remove: [] });
  });

  it('once offsite: is gone, stops and disables cams-offsite.service before removing its file, then reloads', () => {
    const plan = planInstall({ ...base, existing: { ...files, 'cams-offsite.service': 'offsite' }, enable: true });
    expect(plan.retire).toEqual([['disable', '--now', 'cams-offsite.service']]);
    expect(plan.remove).toEqual(['cams-offsite.service']);
    expect(plan.commands[0]).toEqual(['daemon-reload']);
    expect(plan.commands.flat()).not.toContain('cams-offsite.service');
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

  it('disables and stops the off-site uploader before removing its file', () => {
    const plan = planUninstall({ installedCameras: [], present: ['cams-clean.timer', 'cams-offsite.service'] });
    expect(plan.commands).toEqual([['disable', '--now', 'cams-clean.timer', 'cams-offsite.service']]);
    expect(plan.remove).toEqual(['cams-clean.timer', 'cams-offsite.service']);
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
    expect(text).not.toContain('cams-offsite');
  });

  it('names cams-offsite.service among what to enable, and its log, when offsite: is set', () => {
    const text = nextSteps({ cameras: ['cam1'], user: false, unitDir: '/etc/systemd/system', enabled: false, offsite: true }).join('\n');
    expect(text).toContain('systemctl enable --now cams-record@cam1.service cams-merge.timer cams-clean.timer cams-web.socket cams-offsite.service');
    expect(text).toContain('journalctl -u cams-offsite.service -f');
  });
});
