import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';

function capture(journal: boolean, verbose = false) {
  const lines: string[] = [];
  const log = createLogger({ journal, verbose, write: (l) => lines.push(l), now: () => new Date(2026, 10, 24, 3, 4, 5) });
  return { log, lines };
}

describe('logger', () => {
  it('under journald each line starts with its syslog priority and has no timestamp', () => {
    const { log, lines } = capture(true, true);
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(lines).toEqual(['<3>e', '<4>w', '<6>i', '<7>d']);
  });

  it('elsewhere each line starts with a local timestamp and a level', () => {
    const { log, lines } = capture(false);
    log.info('hello');
    expect(lines).toEqual(['2026-11-24 03:04:05 INFO  hello']);
  });

  it('debug lines show only when verbose', () => {
    const { log, lines } = capture(false);
    log.debug('hidden');
    expect(lines).toEqual([]);
  });

  it('a child logger prefixes its name, and a multi-line message stays one line', () => {
    const { log, lines } = capture(true);
    log.child('cam1').warn('a\nb');
    expect(lines).toEqual(['<4>cam1: a | b']);
  });

  it('never prints a URL password', () => {
    const { log, lines } = capture(true);
    log.error('cannot open rtsp://admin:topsecret@10.1.1.1/s');
    expect(lines[0]).toBe('<3>cannot open rtsp://admin:***@10.1.1.1/s');
  });
});
