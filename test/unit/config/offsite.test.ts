import { describe, expect, it } from 'vitest';
import { checkBwlimit } from '../../../src/config/bwlimit.js';
import { parseConfigText } from '../../../src/config/load.js';
import { checkRcloneRemote, connectionStringValues, parseRcloneRemote } from '../../../src/config/rclone-remote.js';

const CAMERAS = 'cameras:\n  - name: cam1\n    rtsp_url: rtsp://127.0.0.1/a\n    output_dir: rec/a\n';

describe('offsite.bwlimit', () => {
  it.each(['512k', '1.5M', '10M:512k', 'off', '0', '512KiB', '1Mi', '08:00,512k 23:00,off', 'Mon-08:00,512k Sun-20:00,off', 'mon-08:00,1M', '08:00,off:1M', '12:30,10M'])(
    'rclone takes "%s", and so does the config',
    (text) => {
      expect(checkBwlimit(text)).toBeUndefined();
    },
  );

  it.each([
    ['512kB', /like "512k"/],
    ['512x', /like "512k"/],
    ['-1', /like "512k"/],
    ['512 k', /"512" is not "HH:MM,rate"/],
    ['8:00,512k', /"8:00,512k" is not "HH:MM,rate"/],
    ['25:00,1M', /"25:00,1M" has no such time of day/],
    ['08:00,512k,3', /"512k,3" in "08:00,512k,3" is not a rate/],
    ['08:00,512k  23:00,off', /one space between entries/],
    ['', /one space between entries/],
  ])('"%s" is refused, saying why', (text, why) => {
    expect(checkBwlimit(text)).toMatch(why);
  });
});

describe('offsite.remote', () => {
  it.each(['nas:cams', 'b2:my-bucket/cams', 'my nas:', 'gdrive.backup:/abs/path', 'a_b-c+d@e:x'])('"%s" is a named remote and a path', (text) => {
    expect(checkRcloneRemote(text)).toBeUndefined();
  });

  it('splits into the remote name and the path in it', () => {
    expect(parseRcloneRemote('b2:my-bucket/cams')).toEqual({ name: 'b2', path: 'my-bucket/cams' });
    expect(parseRcloneRemote('nas:')).toEqual({ name: 'nas', path: '' });
  });

  it.each(['/mnt/nas/cams', 'cams', ' nas:cams', 'nas :cams', 'nas:cams\nx'])('"%s" is refused as not "name:path"', (text) => {
    expect(checkRcloneRemote(text)).toMatch(/must be an rclone remote and a path|control character/);
  });

  it.each([':sftp,host=nas,pass=Canary1:cams', ':s3:bucket', 'nas,pass=Canary1:cams'])('the connection string "%s" is refused without being echoed', (text) => {
    const problem = checkRcloneRemote(text)!;
    expect(problem).toMatch(/belong in rclone's config/);
    expect(problem).not.toContain('Canary1');
    expect(problem).not.toContain('host=');
  });

  it('knows the option values of a connection string, quoted or not', () => {
    expect(connectionStringValues(':sftp,host=nas,pass="Canary,1":cams')).toEqual(['nas', 'Canary,1']);
  });
});

describe('the offsite section', () => {
  it('is absent unless written', () => {
    const result = parseConfigText(CAMERAS, '/base');
    expect(result.ok && result.config.offsite).toBeUndefined();
  });

  it('takes its defaults, and rclone_config resolves against the config\'s folder', () => {
    const result = parseConfigText(`${CAMERAS}offsite:\n  remote: nas:cams\n  rclone_config: rclone.conf\n`, '/etc/cams-manager');
    expect(result.ok && result.config.offsite).toEqual({ remote: 'nas:cams', rclone_config: '/etc/cams-manager/rclone.conf', max_lag: 600, required: false });
  });

  it('reads max_lag as a duration, and keeps retention_days and bwlimit', () => {
    const result = parseConfigText(`${CAMERAS}offsite:\n  remote: b2:bucket/cams\n  max_lag: 1h30m\n  retention_days: 90\n  bwlimit: "08:00,512k 23:00,off"\n  required: true\n`, '/base');
    expect(result.ok && result.config.offsite).toEqual({ remote: 'b2:bucket/cams', max_lag: 5400, retention_days: 90, bwlimit: '08:00,512k 23:00,off', required: true });
  });
});
