import { describe, expect, it } from 'vitest';
import { checkFetchSite, checkHost, hostName, HOST_RULE } from '../../../src/web/request-checks.js';
import { HttpError } from '../../../src/web/route.js';

const statusOf = (fn: () => void): number => {
  try {
    fn();
    return 200;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
};

describe('the Host rule (no web.users, no web.trust_proxy)', () => {
  it.each(['localhost', 'localhost:8765', 'LOCALHOST:80', '127.0.0.1', '127.0.0.1:8765', '127.8.9.10:1', '[::1]', '[::1]:8765', '[::ffff:127.0.0.1]:8765'])('answers Host "%s"', (host) => {
    expect(statusOf(() => checkHost(host, '127.0.0.1'))).toBe(200);
  });

  it.each(['evil.example', 'evil.example:8765', 'localhost.evil.example', '127.0.0.1.evil.example:8765', 'sub.localhost', '192.168.1.10:8765', '[::2]:8765', '0.0.0.0:8765', 'localhost:8765:1'])('refuses Host "%s" with 421, naming the rule and not the header', (host) => {
    const error = (() => {
      try {
        checkHost(host, '127.0.0.1');
      } catch (e) {
        return e as HttpError;
      }
      throw new Error('answered');
    })();
    expect(error.status).toBe(421);
    expect(error.message).toBe(HOST_RULE);
  });

  it('answers the host of web.listen, with any port', () => {
    expect(statusOf(() => checkHost('cams-box:9000', 'cams-box'))).toBe(200);
    expect(statusOf(() => checkHost('[::ffff:7f00:2]:1', '::ffff:7f00:2'))).toBe(200);
    expect(statusOf(() => checkHost('other-box:9000', 'cams-box'))).toBe(421);
  });

  it('answers a request without Host (HTTP/1.0): a browser always sends one', () => {
    expect(statusOf(() => checkHost(undefined, '127.0.0.1'))).toBe(200);
    expect(statusOf(() => checkHost('', '127.0.0.1'))).toBe(200);
  });

  it('reads the name of a Host header without its port or brackets', () => {
    expect(['Example.org:80', 'example.org', '[::1]:8765', '[::1]', '10.0.0.1:1'].map(hostName)).toEqual(['example.org', 'example.org', '::1', '::1', '10.0.0.1']);
  });
});

describe('Sec-Fetch-Site', () => {
  it('refuses cross-site requests for /api/ and /files/ with 403', () => {
    expect(statusOf(() => checkFetchSite('cross-site', '/api/cameras'))).toBe(403);
    expect(statusOf(() => checkFetchSite('cross-site', '/files/cam1/merged/20261130_1432.mp4'))).toBe(403);
  });

  it('answers same-origin, same-site, none and no header, and other paths', () => {
    for (const site of ['same-origin', 'same-site', 'none', undefined]) expect(statusOf(() => checkFetchSite(site, '/api/export')), String(site)).toBe(200);
    expect(statusOf(() => checkFetchSite('cross-site', '/'))).toBe(200);
  });
});
