import { describe, expect, it } from 'vitest';
import { CamsError } from '../../../src/errors.js';
import { checkExposure } from '../../../src/web/exposure.js';

const open = { users: {}, trust_proxy: false };
const HASH = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';

describe('who may be served', () => {
  it('a loopback address needs neither users nor a proxy', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(() => checkExposure(host, open, '/etc/c.yaml')).not.toThrow();
  });

  it('any other address without users or trust_proxy is refused with exit 78, naming web.listen and the config file', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
      let error: unknown;
      try {
        checkExposure(host, open, '/etc/c.yaml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CamsError);
      expect((error as CamsError).exitCode).toBe(78);
      expect((error as CamsError).message).toMatch(/^web\.listen: refusing to serve on ".*".*config "\/etc\/c\.yaml"/);
      expect((error as CamsError).message).not.toContain('\n');
    }
  });

  it('users or trust_proxy allow any address', () => {
    expect(() => checkExposure('0.0.0.0', { users: { alice: HASH }, trust_proxy: false }, '/c')).not.toThrow();
    expect(() => checkExposure('0.0.0.0', { users: {}, trust_proxy: true }, '/c')).not.toThrow();
  });
});
