// `cams-manager export <camera> --from T --to T [-o FILE|-] [--format mp4|fmp4] [--split] [--timestamps] [--force]`:
// one MP4 of a time range, by stream copy, starting exactly at --from. Exit 3 when the range holds
// no footage. With -o -, the file goes to stdout and everything else to stderr.
import type { Command } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { EXPORT_FORMATS, runExport, type ExportFormat } from '../export/run-export.js';
import { formatBytes } from '../log/bytes.js';
import { formatDuration } from '../log/duration.js';
import { formatInstant } from '../time/local-time.js';
import { parseTimeExpression } from '../time/parse-time.js';
import { createContext } from './context.js';
import { selectCameras } from '../config/select-cameras.js';

// "[##########..........]  50 %  120 MB/s  cam1_….mp4" on one terminal line, redrawn at most 10 times a second.
function progressBar(started: number): (file: string, done: number, total: number) => void {
  let drawn = 0;
  return (file, done, total) => {
    const now = performance.now();
    if (now - drawn < 100 && done < total) return;
    drawn = now;
    const share = total > 0 ? done / total : 1;
    const filled = Math.round(share * 20);
    const speed = formatBytes(done / Math.max((now - started) / 1000, 0.001));
    process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(Math.floor(share * 100)).padStart(3)} %  ${speed}/s  ${file.split('/').pop()}`);
  };
}

// SIGINT or SIGTERM stops the export: the file being written is removed, files finished before
// stay, and the command exits 130 or 143 with one line. A second signal exits at once (what is
// left then is removed by the next export into that folder).
function stopOnSignals(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    const exitCode = name === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED;
    if (controller.signal.aborted) process.exit(exitCode);
    controller.abort(new CamsError(`export stopped by ${name}: the file being written is removed, nothing is left half-written`, { code: 'E_INTERRUPTED', exitCode }));
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { signal: controller.signal, release: () => void process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}

interface ExportFlags {
  from: string;
  to: string;
  output?: string;
  format: string;
  split?: boolean;
  timestamps?: boolean;
  force?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export <camera>')
    .description('one MP4 file of a time range, by stream copy (never re-encoded), starting exactly at --from; gaps keep their length')
    .requiredOption('--from <time>', 'start (2026-11-30 14:32, 14:32, yesterday 14:32, -10m, ISO 8601)')
    .requiredOption('--to <time>', 'end (same forms; now)')
    .option('-o, --output <file>', 'the file to write (default: <camera>_<from>_<to>.mp4 here); - writes it to standard output, for a player, ssh or curl')
    .option('--format <format>', 'mp4: a regular MP4, its index first (phones, messengers, editors take it); fmp4: fragmented, a fragment per keyframe, which still plays when cut short (a pipe or a connection that breaks)', 'mp4')
    .option('--split', 'one file per run of footage (-1, -2 … before the extension)')
    .option('--timestamps', "add a subtitle track showing each second's local date and time (as \"2026-11-30 14:32:05 +01:00\")")
    .option('--force', 'replace the output file if it exists')
    .addHelpText('after', '\nExamples:\n  cams-manager export cam1 --from "2026-11-30 14:30" --to 14:40\n  cams-manager export cam1 --from "yesterday 22:00" --to "yesterday 22:05" -o incident.mp4\n  cams-manager export cam2 --from "yesterday 14:30" --to "yesterday 14:40" --timestamps -o for-police.mp4\n  cams-manager export cam1 --from -15m --to now --split\n  cams-manager export cam1 --from -10m --to now --format fmp4 -o - | ffplay -')
    .action(async (name: string, flags: ExportFlags, command: Command) => {
      const format = parseFormat(flags.format);
      const config = createContext(command).config({ onlyCamera: name });
      const [camera] = selectCameras(config, name);
      const now = Date.now();
      const from = parseTimeExpression(flags.from, now);
      const to = parseTimeExpression(flags.to, now);
      if (to <= from) throw new CamsError(`--to (${flags.to}) is not after --from (${flags.from})`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const toStdout = flags.output === '-';
      if (toStdout && process.stdout.isTTY) throw new CamsError('-o - writes the video to standard output, which is a terminal here: pipe it into a player or a file (… -o - | ffplay -)', { code: 'E_USAGE', exitCode: EXIT.USAGE });
      const started = performance.now();
      const bar = process.stderr.isTTY ? progressBar(started) : undefined;
      const clearBar = () => process.stderr.write('\r\x1b[K');
      if (bar) process.once('exit', clearBar); // a reader closing stdout ends the process (see main.ts)
      const output = toStdout ? process.stdout : flags.output;
      const stop = stopOnSignals();
      const files = await runExport({ camera: camera!, from, to, output, format, split: Boolean(flags.split), timestamps: Boolean(flags.timestamps), force: Boolean(flags.force), signal: stop.signal, ...(bar ? { onProgress: bar } : {}) }).finally(() => {
        stop.release();
        if (bar) clearBar(); // the bar's line is cleared, also before an error
        process.off('exit', clearBar);
      });
      const seconds = (performance.now() - started) / 1000;
      const summary = toStdout ? process.stderr : process.stdout; // stdout carries the file
      for (const f of files) {
        const gaps = f.gaps ? `, ${f.gaps} gap${f.gaps > 1 ? 's' : ''} (${formatDuration(f.gapMs / 1000)}) kept` : '';
        summary.write(`${f.file === '-' ? 'standard output' : f.file}: ${formatInstant(f.start)} to ${formatInstant(f.end)}, ${formatDuration((f.end - f.start) / 1000)}${gaps}, ${formatBytes(f.bytes)}\n`);
      }
      const bytes = files.reduce((n, f) => n + f.bytes, 0);
      process.stderr.write(`exported ${files.length} file${files.length > 1 ? 's' : ''}, ${formatBytes(bytes)} in ${seconds.toFixed(1)} s (${formatBytes(bytes / Math.max(seconds, 0.001))}/s)\n`);
    });
}

// --format: one of EXPORT_FORMATS, else one line naming the value and those that work (exit 64).
function parseFormat(value: string): ExportFormat {
  const known = EXPORT_FORMATS.find((f) => f === value);
  if (!known) throw new CamsError(`--format "${value}" is not a format: use mp4 or fmp4`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
  return known;
}
