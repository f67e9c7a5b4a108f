import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { renderUnits } from '../../../src/systemd/units.js';
import { COMMITTED_UNIT_OPTIONS as COMMITTED } from '../../support/units.js';

const CAMERAS = 'cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: /data/a}\n  - {name: b, rtsp_url: "rtsp://h/s", output_dir: /data/b}\n';

function config(offsite: string, extra = ''): Config {
  const r = parseConfigText(CAMERAS + offsite + extra, '/srv');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.config, path: '/srv/config.yaml' };
}

const WITH_CONFIG = 'offsite: {remote: "nas:cams", rclone_config: /etc/cams-manager/rclone.conf}\n';
const lines = (files: Record<string, string>) => files['cams-offsite.service']!.split('\n');

describe('cams-offsite.service', () => {
  it('is written only when the config has offsite:', () => {
    expect(renderUnits(config(''), COMMITTED)['cams-offsite.service']).toBeUndefined();
    expect(lines(renderUnits(config(WITH_CONFIG), COMMITTED))[0]).toMatch(/^# cams-offsite\.service: .*bad config \(exit 78\) stops it; a refused login is retried/);
  });

  it('runs `cams-manager offsite` as a notify service with a watchdog, restarted after 30 s forever, except after exit 78 (a bad config)', () => {
    expect(lines(renderUnits(config(WITH_CONFIG), COMMITTED))).toEqual(expect.arrayContaining([
      'ExecStart=/usr/bin/node /opt/cams-manager/dist/bin/cams-manager.js offsite -c /etc/cams-manager/config.yaml',
      'Type=notify', 'NotifyAccess=main', 'WatchdogSec=60', 'Restart=always', 'RestartSec=30', 'StartLimitIntervalSec=0',
      'RestartPreventExitStatus=78', 'KillMode=control-group', 'User=cams-manager', 'WantedBy=multi-user.target',
      'After=network-online.target', 'EnvironmentFile=-%E/cams-manager/secrets.env',
    ]));
  });

  it('reads the recordings and writes only each camera\'s .offsite/, made for the service user before the sandbox starts', () => {
    const text = lines(renderUnits(config(WITH_CONFIG), COMMITTED));
    expect(text).toEqual(expect.arrayContaining(['ProtectSystem=strict', 'ReadWritePaths=-/data/a/.offsite -/data/b/.offsite', 'NoNewPrivileges=yes']));
    // setpriv --pdeathsig calls capset before it execs rclone: allowed back after ~@privileged.
    expect(text.indexOf('SystemCallFilter=capset')).toBeGreaterThan(text.indexOf('SystemCallFilter=~@privileged @resources'));
    expect(text).toContain('ExecStartPre=+/bin/sh -c "u=$$1; shift; for d do if [ -d \\"$$d\\" ]; then install -d -o \\"$$u\\" -g \\"$$u\\" -m 0750 \\"$$d/.offsite\\" || exit 1; fi; done" sh cams-manager /data/a /data/b');
  });

  it('may use the network (no PrivateNetwork=, no IP address filter) over IPv4, IPv6 and unix sockets only', () => {
    const text = lines(renderUnits(config(WITH_CONFIG), COMMITTED));
    expect(text).toContain('RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6');
    expect(text.some((l) => /^(PrivateNetwork|IPAddressDeny|IPAddressAllow)=/.test(l))).toBe(false);
  });

  it('reads offsite.rclone_config read-only, and makes home read-only rather than hidden when it lives there', () => {
    expect(lines(renderUnits(config(WITH_CONFIG), COMMITTED))).toEqual(expect.arrayContaining(['ReadOnlyPaths=-/etc/cams-manager/rclone.conf', 'ProtectHome=yes']));
    const home = lines(renderUnits(config('offsite: {remote: "nas:cams", rclone_config: "/home/pi/my rclone.conf"}\n'), COMMITTED));
    expect(home).toEqual(expect.arrayContaining(['ReadOnlyPaths=-"/home/pi/my rclone.conf"', 'ProtectHome=read-only']));
  });

  it('takes rclone\'s own config from the service user\'s home when rclone_config is unset, and refuses a user without one', () => {
    const offsite = 'offsite: {remote: "nas:cams"}\n';
    const files = renderUnits(config(offsite), { ...COMMITTED, serviceHome: '/home/cams' });
    expect(lines(files)).toEqual(expect.arrayContaining(['ReadOnlyPaths=-/home/cams/.config/rclone/rclone.conf', 'ProtectHome=read-only']));
    for (const serviceHome of [undefined, '/nonexistent']) {
      expect(() => renderUnits(config(offsite), { ...COMMITTED, serviceHome })).toThrow(
        'offsite.rclone_config: the system units run as "cams-manager", which has no home for rclone\'s own config; set it, e.g. rclone_config: /etc/cams-manager/rclone.conf (readable by cams-manager)',
      );
    }
  });

  it('in the user flavour runs as you with rclone\'s own config in your home, without the root-only parts', () => {
    const text = renderUnits(config('offsite: {remote: "nas:cams"}\n'), { ...COMMITTED, flavour: 'user' })['cams-offsite.service']!;
    for (const key of ['User=', 'ProtectSystem=', 'ReadWritePaths=', 'ReadOnlyPaths=', 'ExecStartPre=', 'network-online']) expect(text).not.toContain(key);
    expect(text).toContain('WantedBy=default.target');
    expect(text).toContain('RestartPreventExitStatus=78');
  });

  it('tells Telegram when it stops for good, with notify.telegram set', () => {
    const telegram = 'notify: {telegram: {bot_token: "1:x", chat_id: 1}}\n';
    expect(lines(renderUnits(config(WITH_CONFIG, telegram), COMMITTED))).toContain('OnFailure=cams-notify-failure@%n.service');
    expect(lines(renderUnits(config(WITH_CONFIG), COMMITTED)).some((l) => l.startsWith('OnFailure='))).toBe(false);
  });
});
