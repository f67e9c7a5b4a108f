import { describe, expect, it } from 'vitest';
import { isLoopback, parseListenAddress } from '../../../src/net/listen-address.js';

describe('listen addresses', () => {
  it.each([
    ['127.0.0.1:8765', { host: '127.0.0.1', port: 8765 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
    ['localhost:8765', { host: 'localhost', port: 8765 }],
  ])('"%s" is host and port', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['8765', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '[zz]:80', '::1:80', 'a b:80', ''])('"%s" is not an address', (text) => {
    expect(parseListenAddress(text)).toBeUndefined();
  });

  it.each(['127.0.0.1', '127.8.9.1', '::1', 'localhost', '::ffff:127.0.0.1', 'LOCALHOST'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.org', '::ffff:10.0.0.1', '128.0.0.1'])('%s is not loopback', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
