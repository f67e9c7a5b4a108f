import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/config/issues.js';
import { parseConfigText } from '../../../src/config/load.js';
import { auditConfigFile, findLiteralSecrets } from '../../../src/config/secret-audit.js';
import { redactText } from '../../../src/log/redact.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cams-secrets-'));
const camera = (extra: string) => `cameras:\n  - name: cam1\n    output_dir: rec\n${extra}`;
const parse = (text: string, env: Record<string, string> = {}, secrets: 'required' | 'optional' = 'required') =>
  parseConfigText(text, dir, { env, secrets });
const issues = (text: string, env: Record<string, string> = {}) => {
  const r = parse(text, env);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('secrets in the config', () => {
  it('expands ${VAR} in rtsp_url from the environment and redacts the value afterwards', () => {
    const r = parse(camera('    rtsp_url: "rtsp://admin:${CAM1_PW}@10.0.0.1/s"\n'), { CAM1_PW: 'Canary-pw-17' });
    expect(r.ok && r.config.cameras[0]!.rtsp_url).toBe('rtsp://admin:Canary-pw-17@10.0.0.1/s');
    expect(redactText('password is Canary-pw-17')).toBe('password is ***');
  });

  it('an unknown variable is a config error naming the variable and the key', () => {
    expect(issues(camera('    rtsp_url: "rtsp://admin:${NOPE_PW}@10.0.0.1/s"\n'))).toEqual(['cameras[0].rtsp_url: the environment variable NOPE_PW is not set']);
  });

  it('in optional mode an unknown variable becomes *** and is no error', () => {
    const r = parse(camera('    rtsp_url: "rtsp://admin:${NOPE_PW}@10.0.0.1/s"\n'), {}, 'optional');
    expect(r.ok && r.config.cameras[0]!.rtsp_url).toBe('rtsp://admin:***@10.0.0.1/s');
  });

  it('password_file is read, percent-encoded into rtsp_url and redacted', () => {
    writeFileSync(path.join(dir, 'cam1.pw'), 'p@ss/Canary9\n');
    const r = parse(camera('    rtsp_url: rtsp://admin@10.0.0.1/s\n    password_file: cam1.pw\n'));
    expect(r.ok && r.config.cameras[0]!.rtsp_url).toBe('rtsp://admin:p%40ss%2FCanary9@10.0.0.1/s');
    expect(redactText('it was p@ss/Canary9 and p%40ss%2FCanary9')).toBe('it was *** and ***');
  });

  it('password_file paths may use ${CREDENTIALS_DIRECTORY}, and a missing file is named', () => {
    expect(issues(camera('    rtsp_url: rtsp://admin@h/s\n    password_file: ${CREDENTIALS_DIRECTORY}/cam1\n'), { CREDENTIALS_DIRECTORY: '/nonexistent' }))
      .toEqual(['cameras[0].password_file: "/nonexistent/cam1" does not exist']);
  });

  it('password_file needs a user name and no password in the URL', () => {
    writeFileSync(path.join(dir, 'pw'), 'x1y2z3');
    expect(issues(camera('    rtsp_url: rtsp://h/s\n    password_file: pw\n'))).toEqual(['cameras[0].rtsp_url: needs a user name (rtsp://user@host/…) when password_file is given']);
    expect(issues(camera('    rtsp_url: rtsp://a:b@h/s\n    password_file: pw\n'))).toEqual(['cameras[0].rtsp_url: holds a password already; remove it or password_file']);
  });

  it('bot_token comes from ${VAR} or bot_token_file, and is registered as a secret', () => {
    writeFileSync(path.join(dir, 'token'), '999:CanaryTokenFromFile\n');
    const tg = (line: string) => camera('    rtsp_url: rtsp://h/s\n') + `notify:\n  telegram:\n    ${line}\n    chat_id: 5\n`;
    const fromFile = parse(tg('bot_token_file: token'));
    expect(fromFile.ok && fromFile.config.notify.telegram?.bot_token).toBe('999:CanaryTokenFromFile');
    const fromEnv = parse(tg('bot_token: ${TG_TOKEN}'), { TG_TOKEN: '888:CanaryTokenFromEnv' });
    expect(fromEnv.ok && fromEnv.config.notify.telegram?.bot_token).toBe('888:CanaryTokenFromEnv');
    expect(redactText('999:CanaryTokenFromFile 888:CanaryTokenFromEnv')).toBe('*** ***');
    expect(fromEnv.ok && fromEnv.config.notify).toMatchObject({ lost_grace: 30, telegram: { api_url: 'https://api.telegram.org', min_interval: 60 } });
  });
});

describe('check warns about literal passwords in a readable config', () => {
  it('finds literal passwords and tokens, not ${VAR} references', () => {
    expect(findLiteralSecrets({ cameras: [{ rtsp_url: 'rtsp://a:${X}@h/' }, { rtsp_url: 'rtsp://a:lit@h/' }], notify: { telegram: { bot_token: '1:abc' } } }))
      .toEqual(['cameras[1].rtsp_url', 'notify.telegram.bot_token']);
  });

  it('warns only when others may read the file', () => {
    const file = path.join(dir, 'lit.yaml');
    writeFileSync(file, 'cameras:\n  - {name: a, rtsp_url: "rtsp://a:Lit3ral@h/", output_dir: a}\n');
    chmodSync(file, 0o644);
    expect(auditConfigFile(file)).toMatch(/^config holds a literal password \(cameras\[0\]\.rtsp_url\) and every user can read it \(mode 0644\)/);
    expect(auditConfigFile(file)).not.toContain('Lit3ral');
    chmodSync(file, 0o600);
    expect(auditConfigFile(file)).toBeUndefined();
  });
});

describe('secrets for one camera', () => {
  it('record <camera> needs only its own camera\'s secrets: another camera\'s missing variable is not an error', async () => {
    const { parseConfigText } = await import('../../../src/config/load.js');
    const text = 'cameras:\n  - {name: cam1, rtsp_url: "rtsp://admin:${CAM1_PW}@h/s", output_dir: a}\n  - {name: cam2, rtsp_url: "rtsp://admin:${CAM2_PW}@h/s", output_dir: b}\n';
    const env = { CAM1_PW: 'secret-one' };
    expect(parseConfigText(text, '/x', { secrets: 'required', onlyCamera: 'cam1', env }).ok).toBe(true);
    const cam2 = parseConfigText(text, '/x', { secrets: 'required', onlyCamera: 'cam2', env });
    expect(cam2.ok ? [] : cam2.issues.map((i) => i.message)).toEqual(['the environment variable CAM2_PW is not set']);
    expect(parseConfigText(text, '/x', { secrets: 'required', env }).ok).toBe(false);
  });
});
