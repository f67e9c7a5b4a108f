import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { renderUnits, UNIT_FILES } from '../../../src/systemd/units.js';
import { ROOT } from '../../support/cli.js';
import { COMMITTED_UNIT_OPTIONS as COMMITTED, exampleConfig } from '../../support/units.js';

function config(yaml: string): Config {
  const r = parseConfigText(yaml, '/srv');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.config, path: '/srv/config.yaml' };
}

const unit = (files: Record<string, string>, name: string) => files[name]!.split('\n');

describe('renderUnits', () => {
  it('renders config.yaml.example into exactly the files committed under systemd/', () => {
    const files = renderUnits(exampleConfig(), COMMITTED);
    const committed = readdirSync(path.join(ROOT, 'systemd')).filter((f) => f !== 'README.md').sort();
    expect(Object.keys(files).sort()).toEqual(committed);
    for (const name of committed) expect(files[name], name).toBe(readFileSync(path.join(ROOT, 'systemd', name), 'utf8'));
  });

  it('writes every unit it lists, each starting with a one-line comment naming it', () => {
    const files = renderUnits(exampleConfig(), COMMITTED);
    expect(Object.keys(files).sort()).toEqual(UNIT_FILES.filter((f) => f !== 'cams-notify-failure@.service' && f !== 'cams-offsite.service').sort());
    for (const [name, text] of Object.entries(files)) {
      expect(text.split('\n')[0]).toMatch(new RegExp(`^# ${name.replace(/[.@]/g, '\\$&')}: .+`));
      expect(text.split('\n')[1]).toBe('');
    }
  });

  it('takes the merge interval and the writable folders from the config; restarts a recorder after 1 s whatever its reconnect_delay, in a folder that outlives restarts, where it paces a crash loop itself', () => {
    const files = renderUnits(config('cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: a}\n  - {name: b, rtsp_url: "rtsp://h/s", output_dir: /data/b}\nrecording: {reconnect_delay: 0.5, merge_interval: 60}\n'), COMMITTED);
    expect(unit(files, 'cams-record@.service')).toEqual(expect.arrayContaining(['RestartSec=1', 'TimeoutStartSec=90', 'RuntimeDirectory=cams-record/%i', 'RuntimeDirectoryPreserve=restart']));
    expect(unit(files, 'cams-record@.service')).toContain('ReadWritePaths=-/srv/a -/data/b');
    expect(unit(files, 'cams-merge.service')).toContain('ReadWritePaths=-/srv/a -/data/b');
    expect(unit(files, 'cams-merge.timer')).toEqual(expect.arrayContaining(['OnActiveSec=60', 'OnUnitInactiveSec=60']));
    expect(unit(files, 'cams-manager.target')).toContain('Wants=cams-record@a.service cams-record@b.service');
  });

  it('keeps a bad config from looping and lets FFmpeg die with its recorder', () => {
    const lines = unit(renderUnits(exampleConfig(), COMMITTED), 'cams-record@.service');
    expect(lines).toEqual(expect.arrayContaining(['RestartPreventExitStatus=78', 'Restart=always', 'KillMode=mixed', 'StartLimitIntervalSec=0', 'Type=notify', 'NotifyAccess=main']));
  });

  it('quotes paths with blanks and escapes "%" in ExecStart', () => {
    const files = renderUnits(exampleConfig(), { ...COMMITTED, configPath: '/etc/my cams/100%.yaml' });
    expect(unit(files, 'cams-record@.service')).toContain(
      'ExecStart=/usr/bin/node --expose-gc --no-opt /opt/cams-manager/dist/bin/cams-manager.js record %i -c "/etc/my cams/100%%.yaml"',
    );
  });

  it('renders cams-web.socket from web.listen, and a read-only cams-web.service that runs serve under the same hardening, without a network of its own', () => {
    const files = renderUnits(config('cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: /data/a}\nweb: {listen: "[::1]:9000"}\n'), COMMITTED);
    expect(unit(files, 'cams-web.socket')).toEqual(expect.arrayContaining(['ListenStream=[::1]:9000', 'WantedBy=sockets.target']));
    const service = unit(files, 'cams-web.service');
    expect(service).toEqual(expect.arrayContaining([
      'ExecStart=/usr/bin/node /opt/cams-manager/dist/bin/cams-manager.js serve -c /etc/cams-manager/config.yaml',
      'Requires=cams-web.socket', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateNetwork=yes', 'User=cams-manager', 'MemoryMax=512M',
    ]));
    expect(service.some((l) => l.startsWith('ReadWritePaths='))).toBe(false);
    expect(service.some((l) => l.startsWith('[Install]'))).toBe(false); // the socket is what is enabled
    expect(service.some((l) => l.startsWith('EnvironmentFile='))).toBe(false); // it needs no camera password
  });

  it('writes "localhost" in web.listen as 127.0.0.1 for ListenStream=, and refuses a host name systemd cannot bind', () => {
    const files = renderUnits(config('cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: a}\nweb: {listen: "localhost:8765"}\n'), COMMITTED);
    expect(unit(files, 'cams-web.socket')).toContain('ListenStream=127.0.0.1:8765');
    expect(() => renderUnits(config('cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: a}\nweb: {listen: "nvr.lan:8765"}\n'), COMMITTED))
      .toThrow('web.listen "nvr.lan:8765": cams-web.socket needs an IP address and a port, like 127.0.0.1:8765 or [::1]:8765');
  });

  it('gives the user flavour only what a user manager supports, and no network-online.target', () => {
    const text = renderUnits(exampleConfig(), { ...COMMITTED, flavour: 'user' })['cams-record@.service']!;
    for (const key of ['User=', 'ProtectSystem=', 'ProtectHome=', 'PrivateTmp=', 'CapabilityBoundingSet=', 'network-online']) expect(text).not.toContain(key);
    expect(text).toContain('SystemCallFilter=@system-service');
    expect(text).toContain('WantedBy=default.target');
    const web = renderUnits(exampleConfig(), { ...COMMITTED, flavour: 'user' })['cams-web.service']!;
    for (const key of ['User=', 'ProtectSystem=', 'PrivateNetwork=']) expect(web).not.toContain(key);
    expect(web).toContain('SystemCallFilter=@system-service');
  });

  it('makes home read-only rather than hidden, and keeps /tmp shared, when the program or the footage lives there', () => {
    const files = renderUnits(config('cameras:\n  - {name: a, rtsp_url: "rtsp://h/s", output_dir: /tmp/cams/a}\n'), { ...COMMITTED, entryPath: '/home/me/cams/dist/bin/cams-manager.js' });
    const lines = unit(files, 'cams-record@.service');
    expect(lines).toContain('ProtectHome=read-only');
    expect(lines.some((l) => l.startsWith('PrivateTmp='))).toBe(false);
  });
});
