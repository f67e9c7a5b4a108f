// `cams-manager notify --test` and `cams-manager notify-failure <unit>` (run by OnFailure=).
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
    .description('send a notification through notify.telegram; --test checks the setup')
    .requiredOption('--test', 'send a test message and print the API\'s answer')
    .addHelpText('after', '\nExample:\n  cams-manager notify --test -c /etc/cams-manager/config.yaml')
    .action(async (_opts: unknown, command: Command) => {
      const answer = await sendTelegram(telegramOf(createContext(command)), MESSAGES.test());
      report(answer);
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

// The telegram settings, with a usable token; E_NOTIFY_CONFIG (exit 78) otherwise.
function telegramOf(ctx: Context): TelegramConfig {
  const config = ctx.config();
  const telegram = config.notify.telegram;
  const problem = !telegram ? 'has no notify.telegram section' : telegram.bot_token.includes(PLACEHOLDER) ? 'gives notify.telegram.bot_token through a variable or file this command cannot read' : undefined;
  if (!telegram || problem) throw new CamsError(`config "${config.path}" ${problem}`, { code: 'E_NOTIFY_CONFIG', exitCode: EXIT.CONFIG });
  return telegram;
}

// One line: what the API answered; exit 1 unless it accepted the message.
function report(answer: TelegramAnswer): void {
  const what = answer.status ? `${answer.status} ${answer.description}` : `no answer: ${answer.description}`;
  const id = answer.messageId !== undefined ? ` (message ${answer.messageId})` : '';
  process.stdout.write(redactText(`Telegram answered: ${what}${id}`) + '\n');
  process.exitCode = answer.ok ? EXIT.OK : EXIT.FAILURE;
}
