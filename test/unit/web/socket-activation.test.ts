import { describe, expect, it } from 'vitest';
import { clearActivation, readActivation } from '../../../src/web/socket-activation.js';

describe('readActivation', () => {
  it('takes fd 3 when LISTEN_PID is this process and LISTEN_FDS is 1 or more', () => {
    expect(readActivation({ LISTEN_PID: '42', LISTEN_FDS: '1' }, 42)).toEqual({ fd: 3, count: 1 });
    expect(readActivation({ LISTEN_PID: '42', LISTEN_FDS: '2', LISTEN_FDNAMES: 'a:b' }, 42)).toEqual({ fd: 3, count: 2 });
  });

  it('ignores sockets meant for another process, none passed, and values that are not numbers', () => {
    expect(readActivation({ LISTEN_PID: '41', LISTEN_FDS: '1' }, 42)).toBeUndefined();
    expect(readActivation({ LISTEN_PID: '42', LISTEN_FDS: '0' }, 42)).toBeUndefined();
    expect(readActivation({ LISTEN_FDS: '1' }, 42)).toBeUndefined();
    expect(readActivation({ LISTEN_PID: '42', LISTEN_FDS: 'x' }, 42)).toBeUndefined();
    expect(readActivation({ LISTEN_PID: '42x', LISTEN_FDS: '1' }, 42)).toBeUndefined();
  });
});

describe('clearActivation', () => {
  it('removes the three variables, so that children do not take the sockets, and keeps the rest', () => {
    const env: NodeJS.ProcessEnv = { LISTEN_PID: '42', LISTEN_FDS: '1', LISTEN_FDNAMES: 'web', PATH: '/bin' };
    clearActivation(env);
    expect(env).toEqual({ PATH: '/bin' });
  });
});
