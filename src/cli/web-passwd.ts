// `cams-manager web-passwd NAME`: reads a password from standard input (asked twice, unseen, on a
// terminal; the first line when piped) and prints the `NAME: scrypt$…` line for web.users.
import type { Command } from 'commander';
import { USER_NAME } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { hashPassword } from '../web/password-hash.js';

const MAX_PASSWORD = 1024;

export function registerWebPasswd(program: Command): void {
  program
    .command('web-passwd <name>')
    .description('print a web.users line (NAME: scrypt hash) for a password read from standard input')
    .addHelpText('after', '\nExamples:\n  cams-manager web-passwd alice            (asks twice)\n  printf %s "$PASSWORD" | cams-manager web-passwd alice')
    .action(async (name: string) => {
      if (!USER_NAME.test(name)) throw new CamsError(`user name "${name}" is not allowed: use 1-64 letters, digits, "_", ".", "@" or "-"`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const password = process.stdin.isTTY ? await askTwice() : firstLine(await readAll(process.stdin));
      if (password === '') throw new CamsError('the password is empty: type one, or pipe one line into web-passwd', { code: 'E_USAGE', exitCode: EXIT.USAGE });
      if (password.length > MAX_PASSWORD) throw new CamsError(`the password is longer than ${MAX_PASSWORD} characters`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      process.stdout.write(`${name}: ${await hashPassword(password)}\n`);
      if (process.stdout.isTTY) process.stderr.write('put this line under "web:" → "users:" in the config (indented), then restart cams-web\n');
    });
}

async function askTwice(): Promise<string> {
  const first = await askHidden('password: ');
  const second = await askHidden('again: ');
  if (first !== second) throw new CamsError('the two passwords differ: nothing printed', { code: 'E_USAGE', exitCode: EXIT.USAGE });
  return first;
}

// Reads one line from the terminal without echoing it; Ctrl-C stops (exit 130).
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  stdin.setRawMode(true); // before the prompt: nothing typed after it is echoed
  stdin.resume();
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (error?: CamsError) => {
      stdin.off('data', onData).setRawMode(false).pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CamsError('stopped by Ctrl-C: nothing printed', { code: 'E_INTERRUPTED', exitCode: EXIT.INTERRUPTED }));
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

// The first line, without its line end ("pw\n" and "pw\r\n" are "pw").
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!;
}
