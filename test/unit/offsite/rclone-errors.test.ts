import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/errors.js';
import { classifyRcloneError, rcloneError, redactRclone } from '../../../src/offsite/rclone-errors.js';

const CONTEXT = { remote: 'nas:cams', configFile: '/etc/cams-manager/rclone.conf', action: 'listing its top folder' };

describe('rclone errors', () => {
  it.each([
    ["didn't find section in config file", 'unknown-remote'],
    ['NewFs: couldn\'t connect SSH: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none password], no supported methods remain', 'auth'],
    ['error in ListJSON: couldn\'t list files: Unauthorized: 401 Unauthorized', 'auth'],
    ['AccessDenied: Access Denied status code: 403', 'auth'],
    ['InvalidAccessKeyId: The AWS Access Key Id you provided does not exist', 'auth'],
    ['object not found', 'not-found'],
    ['error in ListJSON: directory not found', 'not-found'],
    ['NewFs: couldn\'t connect SSH: dial tcp 127.0.0.1:42223: connect: connection refused', 'unreachable'],
    ['Update ReadFrom failed: connection lost', 'unreachable'],
    ['dial tcp: lookup nas.lan: no such host', 'unreachable'],
    ['something else entirely', 'other'],
  ])('"%s" is %s', (text, kind) => {
    expect(classifyRcloneError(text)).toBe(kind);
  });

  it('an unknown remote is a config error naming the remote and rclone\'s config file', () => {
    const error = rcloneError("didn't find section in config file", CONTEXT);
    expect(error.message).toBe('off-site remote "nas" is not in rclone\'s config /etc/cams-manager/rclone.conf: add it with "rclone config --config /etc/cams-manager/rclone.conf", or fix offsite.remote');
    expect([error.code, error.exitCode]).toEqual(['E_OFFSITE_UNKNOWN_REMOTE', EXIT.CONFIG]);
  });

  it('refused credentials are a config error (restarting cannot fix them), with rclone\'s words below', () => {
    const error = rcloneError('Unauthorized: 401 Unauthorized', { ...CONTEXT, configFile: undefined });
    expect(error.message).toBe('off-site remote "nas:cams" refused the credentials in rclone\'s config (fix them with "rclone config")');
    expect(error.details).toEqual(['rclone: Unauthorized: 401 Unauthorized']);
    expect(error.exitCode).toBe(EXIT.CONFIG);
  });

  it('an HTTP 404 from the rc API is "not found" whatever the words', () => {
    expect(rcloneError('gone', CONTEXT, 404).code).toBe('E_OFFSITE_NOT_FOUND');
  });

  it('an unreachable server is a run-time failure, retried', () => {
    const error = rcloneError('dial tcp 10.0.0.5:22: i/o timeout', CONTEXT);
    expect(error.message).toBe('off-site remote "nas:cams" cannot be reached while listing its top folder');
    expect(error.exitCode).toBe(EXIT.FAILURE);
  });

  it('hides the user:password of any URL and the option values of a connection string, on one line', () => {
    const text = 'Propfind "https://cams:Canary-Pw@dav.example/": 401\nNewFs ":sftp,host=nas,pass=Canary-Pw2:cams"';
    const redacted = redactRclone(text);
    expect(redacted).toBe('Propfind "https://***@dav.example/": 401 NewFs ":sftp,host=***,pass=***:cams"');
    expect(rcloneError(text, CONTEXT).details.join('\n')).not.toContain('Canary');
  });
});
