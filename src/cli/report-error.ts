// How every entry prints an error and which exit code it returns: a CamsError as its one line (and
// its details), anything else as "unexpected error". Without commander, so the recorder's lean
// entry (record-entry.ts) prints exactly what the full CLI prints.
import { CamsError, EXIT } from '../errors.js';
import { redactText } from '../log/redact.js';

export function reportError(error: unknown, debug: boolean): number {
  // Under journald each line carries the error priority, so `journalctl -p err` shows it.
  const prefix = process.env.JOURNAL_STREAM ? '<3>' : '';
  if (error instanceof CamsError) {
    const lines = [`cams-manager: ${error.message}`, ...error.details.map((d) => `  ${d}`)];
    process.stderr.write(redactText(lines.map((l) => prefix + l).join('\n')) + '\n');
    if (debug && error.cause instanceof Error) process.stderr.write(redactText(error.cause.stack ?? '') + '\n');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(redactText(`${prefix}cams-manager: unexpected error: ${message}`) + '\n');
  if (debug && error instanceof Error) process.stderr.write(redactText(error.stack ?? '') + '\n');
  else process.stderr.write('  (run again with --debug for details)\n');
  return EXIT.SOFTWARE;
}

// A reader that stops reading (head, a pager quit) is not an error: stop writing, exit 0.
export function quietOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.OK);
}
