// `cams-manager notify "text"` (for your own scripts), `notify --test`, and
// `cams-manager notify-failure <unit>` (run by OnFailure=).
import type { Command } from 'commander';
import type { TelegramConfig } from '../config/notify-schema.js';
import { PLACEHOLDER } from '../config/secrets.js';
import { CamsError, EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';
import { failedRunLines, failureText, sendWithRetries } from '../notify/job-failure.js';
import { MESSAGES } from '../notify/messages.js';
import { sendTelegram, type TelegramAnswer } from '../notify/telegram.js';
import { createContext, type Context } from './context.js';

export function registerNotify(program: Command): void {
  program
    .command('notify')
    .description('send a message through notify.telegram (retrying network and server errors), or with --test a test message; prints the API\'s answer')
    .argument('[message]', 'the text to send')
    .option('--test', 'send a test message, once, to check the setup')
    .addHelpText('after', '\nExamples:\n  cams-manager notify --test -c /etc/cams-manager/config.yaml\n  cams-manager notify "backup finished"')
    .action(async (message: string | undefined, opts: { test?: boolean }, command: Command) => {
      const text = notifyText(message, Boolean(opts.test));
      const telegram = telegramOf(createContext(command));
      report(await (opts.test ? sendTelegram(telegram, text) : sendWithRetries(telegram, text)));
    });
  program
    .command('notify-failure')
    .argument('<unit>', 'the failed unit (OnFailure= passes it as %i)')
    .option('--user', 'the unit belongs to the user manager')
    .description('tell that a unit failed, with its last log lines (what cams-notify-failure@.service runs)')
    .addHelpText('after', '\nExample:\n  cams-manager notify-failure cams-merge.service -c /etc/cams-manager/config.yaml')
    .action(async (unit: string, opts: { user?: boolean }, command: Command) => {
      const telegram = telegramOf(createContext(command));
      const lines = await failedRunLines(unit, Boolean(opts.user));
      report(await sendWithRetries(telegram, failureText(unit, lines)));
    });
}

// The text to send: the message, or the test message with --test (E_USAGE, exit 64, for neither or both).
function notifyText(message: string | undefined, test: boolean): string {
  if (test && message === undefined) return MESSAGES.test();
  if (!test && message?.trim()) return message;
  throw new CamsError(test ? 'notify: give a message or --test, not both' : 'notify: nothing to send: give a message, or --test', {
    code: 'E_USAGE',
    exitCode: EXIT.USAGE,
    details: ['cams-manager notify "backup finished"', 'cams-manager notify --test'],
  });
}

// The telegram settings, with a usable token; E_NOTIFY_CONFIG (exit 78) otherwise.
function telegramOf(ctx: Context): TelegramConfig {
  const config = ctx.config();
  const telegram = config.notify.telegram;
  if (!telegram) {
    throw new CamsError(`config "${config.path}" has no notify.telegram section: Telegram is not set up`, {
      code: 'E_NOTIFY_CONFIG',
      exitCode: EXIT.CONFIG,
      details: ['add notify.telegram with bot_token (or bot_token_file) and chat_id; config.yaml.example shows how'],
    });
  }
  if (telegram.bot_token.includes(PLACEHOLDER)) {
    throw new CamsError(`config "${config.path}" gives notify.telegram.bot_token through a variable or file this command cannot read`, { code: 'E_NOTIFY_CONFIG', exitCode: EXIT.CONFIG });
  }
  return telegram;
}

// One line: what the API answered; exit 1 unless it accepted the message.
function report(answer: TelegramAnswer): void {
  const what = answer.status ? `${answer.status} ${answer.description}` : `no answer: ${answer.description}`;
  const id = answer.messageId !== undefined ? ` (message ${answer.messageId})` : '';
  process.stdout.write(redactText(`Telegram answered: ${what}${id}`) + '\n');
  process.exitCode = answer.ok ? EXIT.OK : EXIT.FAILURE;
}
