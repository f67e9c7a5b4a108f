import { describe, expect, it } from 'vitest';
import { commandLine, renderUnit, unitWord } from '../../../src/systemd/unit-text.js';

describe('unitWord', () => {
  it.each([
    ['/usr/bin/node', '/usr/bin/node'],
    ['/srv/my cams', '"/srv/my cams"'],
    ['/srv/100%', '/srv/100%%'],
    ['/srv/$HOME', '/srv/$$HOME'],
    ['/srv/a"b\\c', '"/srv/a\\"b\\\\c"'],
    ['', '""'],
  ])('writes %j as %s', (word, expected) => {
    expect(unitWord(word)).toBe(expected);
  });
});

describe('renderUnit', () => {
  it('puts the comment first, one blank line between sections, and skips null directives', () => {
    const text = renderUnit({ comment: 'x.service: a test.', sections: [['Unit', [['Description', 'd'], null]], ['Service', [['ExecStart', commandLine(['/bin/a b', { raw: '%i' }])]]]] });
    expect(text).toBe('# x.service: a test.\n\n[Unit]\nDescription=d\n\n[Service]\nExecStart="/bin/a b" %i\n');
  });
});
