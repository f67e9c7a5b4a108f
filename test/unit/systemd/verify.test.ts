import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { renderUnits, RECORD_TEMPLATE } from '../../../src/systemd/units.js';
import { tempDir } from '../../support/cli.js';
import { COMMITTED_UNIT_OPTIONS as COMMITTED, exampleConfig } from '../../support/units.js';

const hasAnalyze = (await execa('systemd-analyze', ['--version'], { reject: false })).exitCode === 0;

// Writes the units of one flavour, with an instance of the template, and returns the folder.
function writeFlavour(flavour: 'system' | 'user'): { dir: string; env: Record<string, string> } {
  const dir = tempDir('cams-units-');
  // With notify.telegram and offsite set, so the failure notifier, the jobs' OnFailure= and the
  // off-site uploader are verified too.
  const example = exampleConfig();
  const offsite = { remote: 'nas:cams', rclone_config: '/etc/cams-manager/rclone.conf', max_lag: 600, required: false };
  const config = { ...example, offsite, notify: { ...example.notify, telegram: { bot_token: 't', chat_id: 1, api_url: 'https://api.telegram.org', min_interval: 60 } } };
  const files = renderUnits(config, { ...COMMITTED, flavour, nodePath: process.execPath });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  copyFileSync(path.join(dir, RECORD_TEMPLATE), path.join(dir, 'cams-record@cam1.service'));
  copyFileSync(path.join(dir, 'cams-notify-failure@.service'), path.join(dir, 'cams-notify-failure@cams-merge.service.service'));
  const runtime = path.join(dir, '.runtime');
  mkdirSync(runtime, { mode: 0o700 });
  return { dir, env: { XDG_RUNTIME_DIR: runtime } };
}

const UNITS = ['cams-record@cam1.service', 'cams-manager.target', 'cams-merge.service', 'cams-merge.timer', 'cams-clean.service', 'cams-clean.timer', 'cams-web.socket', 'cams-web.service', 'cams-offsite.service', 'cams-notify-failure@cams-merge.service.service'];

// In CI a missing systemd-analyze fails these tests instead of skipping them.
describe.skipIf(!hasAnalyze && process.env.CI !== 'true')('the generated units under systemd-analyze', () => {
  it.each(['system', 'user'] as const)('the %s flavour passes `systemd-analyze verify` without printing a word', async (flavour) => {
    const { dir, env } = writeFlavour(flavour);
    const args = [...(flavour === 'user' ? ['--user'] : []), 'verify', ...UNITS.map((u) => path.join(dir, u))];
    const r = await execa('systemd-analyze', args, { reject: false, env, all: true });
    expect(String(r.all)).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it.each([['cams-record@cam1.service'], ['cams-merge.service'], ['cams-clean.service'], ['cams-web.service'], ['cams-offsite.service']])('%s has an exposure of 3.0 or lower', async (unit) => {
    const { dir } = writeFlavour('system');
    const r = await execa('systemd-analyze', ['security', '--offline=yes', '--threshold=30', '--no-pager', path.join(dir, unit)], { reject: false });
    expect(String(r.stdout)).toMatch(/Overall exposure level for .*: ([0-2]\.\d|3\.0) /);
    expect(r.exitCode).toBe(0);
  });
});
