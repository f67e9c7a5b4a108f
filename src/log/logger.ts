// One line per event on stderr: syslog priority prefixes under journald, local timestamps elsewhere.
import { redactText } from './redact.js';

export type Level = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  child(prefix: string): Logger;
}

export interface LoggerOptions {
  verbose?: boolean;
  journal?: boolean; // default: JOURNAL_STREAM is set (stderr goes to journald)
  write?: (line: string) => void;
  now?: () => Date;
  prefix?: string;
}

// sd-daemon(3) priorities: journald reads "<N>" at the start of a line as its priority.
const PRIORITY: Record<Level, number> = { error: 3, warn: 4, info: 6, debug: 7 };
const LABEL: Record<Level, string> = { error: 'ERROR', warn: 'WARN ', info: 'INFO ', debug: 'DEBUG' };

export function createLogger(options: LoggerOptions = {}): Logger {
  const journal = options.journal ?? Boolean(process.env.JOURNAL_STREAM);
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const prefix = options.prefix ? `${options.prefix}: ` : '';
  const emit = (level: Level) => (message: string) => {
    if (level === 'debug' && !options.verbose) return;
    const text = redactText(prefix + message).replace(/\s*\n\s*/g, ' | ');
    write(journal ? `<${PRIORITY[level]}>${text}` : `${formatLocalTime(now())} ${LABEL[level]} ${text}`);
  };
  return {
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    child: (name: string) => createLogger({ ...options, journal, write, now, prefix: prefix + name }),
  };
}

// "2026-11-24 03:41:07" in local time.
export function formatLocalTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}
