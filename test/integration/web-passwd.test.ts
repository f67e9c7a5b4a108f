// `cams-manager web-passwd NAME`: the password from a pipe (its first line) or typed twice, unseen,
// on a terminal (a pseudo-terminal made by script(1)); the line printed verifies that password.
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { parseScryptHash, verifyPassword } from '../../src/web/password-hash.js';
import { CLI } from '../support/cli.js';
import { integrationDescribe } from '../support/tools.js';

// Runs web-passwd on a terminal, typing each answer once its prompt is shown; resolves with what
// the terminal showed and the exit code.
function onTerminal(answers: string[]): Promise<{ shown: string; code: number | null }> {
  const child = spawn('script', ['-qec', `${process.execPath} ${CLI} web-passwd alice`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let shown = '';
  const prompts = ['password: ', 'again: '];
  child.stdout.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
    while (prompts.length && shown.includes(prompts[0]!)) {
      prompts.shift();
      child.stdin.write(`${answers.shift()}\r`);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(timer), resolve({ shown, code }))));
}

integrationDescribe('web-passwd', [], () => { // script(1) is in util-linux (Debian: bsdutils, essential)
  it('piped: takes the first line and prints "NAME: scrypt$…" that verifies that password only', async () => {
    const r = await execa(process.execPath, [CLI, 'web-passwd', 'alice'], { input: 'first line pw\nsecond line\n' });
    const [name, hash] = String(r.stdout).split(': ');
    expect(name).toBe('alice');
    const stored = parseScryptHash(hash!.trim())!;
    expect(await verifyPassword('first line pw', stored)).toBe(true);
    expect(await verifyPassword('second line', stored)).toBe(false);
  });

  it('piped empty, or a name with a colon: one line, exit 64', async () => {
    const empty = await execa(process.execPath, [CLI, 'web-passwd', 'alice'], { input: '\n', reject: false });
    expect([empty.exitCode, String(empty.stderr)]).toEqual([64, 'cams-manager: the password is empty: type one, or pipe one line into web-passwd']);
    const colon = await execa(process.execPath, [CLI, 'web-passwd', 'a:b'], { input: 'x\n', reject: false });
    expect(colon.exitCode).toBe(64);
    expect(String(colon.stderr)).toMatch(/^cams-manager: user name "a:b" is not allowed/);
  });

  it('on a terminal: asks twice without showing what is typed, and refuses two different passwords', async () => {
    const same = await onTerminal(['Typed-Secret-1', 'Typed-Secret-1']);
    expect(same.code).toBe(0);
    expect(same.shown).toMatch(/alice: scrypt\$16384\$8\$1\$/);
    expect(same.shown).not.toContain('Typed-Secret');
    const differ = await onTerminal(['Typed-Secret-1', 'Typed-Secret-2']);
    expect(differ.code).toBe(64);
    expect(differ.shown).toContain('the two passwords differ: nothing printed');
    expect(differ.shown).not.toMatch(/scrypt\$/);
  });
});
