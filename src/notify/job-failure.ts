// `notify-failure <unit>`: what OnFailure= runs when cams-merge or cams-clean fails. Reads the
// failed run's last journal lines and sends them, retrying a few times (it runs once, briefly).
import { execa } from 'execa';
import type { TelegramConfig } from '../config/notify-schema.js';
import { redactText } from '../log/redact.js';
import { MESSAGES } from './messages.js';
import { isRetryable, sendTelegram, type TelegramAnswer } from './telegram.js';

export const JOURNAL_LINES = 12;
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

// The failed run's last log lines. systemd ≥ 251 passes $MONITOR_INVOCATION_ID to OnFailure=
// units (systemd.exec(5) "Environment variables in spawned processes"): it picks exactly that run.
// Otherwise, or when journald did not record the ID, the unit's last lines by name; a user unit
// also by its system-unit name, as journald files the units of a user manager that runs as root
// or outside user@.service (the test sandbox).
export async function failedRunLines(unit: string, user: boolean, env = process.env): Promise<string[]> {
  const queries = [
    ...(env.MONITOR_INVOCATION_ID ? [[...(user ? ['--user'] : []), `_SYSTEMD_INVOCATION_ID=${env.MONITOR_INVOCATION_ID}`]] : []),
    [user ? '--user-unit' : '--unit', unit],
    ...(user ? [['--unit', unit]] : []),
  ];
  let error = '';
  for (const query of queries) {
    const r = await execa('journalctl', [...query, '-n', String(JOURNAL_LINES), '--no-pager', '-o', 'cat'], { reject: false, timeout: 10_000 });
    const lines = String(r.stdout).split('\n').filter((l) => l.trim() && !/^-- No entries --$/.test(l));
    if (lines.length > 0) return lines.map((l) => redactText(l.length > 200 ? `${l.slice(0, 200)}…` : l));
    if (r.exitCode) error ||= String(r.stderr).split('\n')[0] ?? '';
  }
  return [`(no journal lines readable${error ? `: ${error}` : ''})`];
}

// The message for a failed unit, with its result when systemd passed it.
export function failureText(unit: string, lines: string[], env = process.env): string {
  const result = env.MONITOR_SERVICE_RESULT ? ` (${env.MONITOR_SERVICE_RESULT}${env.MONITOR_EXIT_STATUS ? `, exit ${env.MONITOR_EXIT_STATUS}` : ''})` : '';
  return MESSAGES.jobFailed(`${unit}${result}`, lines);
}

// Sends now, retrying network and server errors; resolves with the last answer.
export async function sendWithRetries(telegram: TelegramConfig, text: string, delays = RETRY_DELAYS_MS): Promise<TelegramAnswer> {
  let answer = await sendTelegram(telegram, text);
  for (const delay of delays) {
    if (!isRetryable(answer)) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    answer = await sendTelegram(telegram, text);
  }
  return answer;
}
