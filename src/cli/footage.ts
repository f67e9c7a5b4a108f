// `cams-manager footage [camera] [--day DATE | --from T --to T] [--json]`: where footage is and
// where it is not, from the footage catalogue. Exit 0; 3 when the range holds no footage at all.
import type { Command } from 'commander';
import { CamsError, EXIT } from '../errors.js';
import { buildCatalogue } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import { footageDocument, formatCatalogue, formatSummaryLine, formatUntimed } from '../footage/report.js';
import { redactText } from '../log/redact.js';
import { parseDay, parseTimeExpression } from '../time/parse-time.js';
import { createContext } from './context.js';
import { selectCameras } from '../config/select-cameras.js';

interface FootageOptions {
  day?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerFootage(program: Command): void {
  program
    .command('footage [camera]')
    .description('the runs of footage and the gaps between them, for a day or a time range (default: today); without a camera, one line per camera')
    .option('--day <date>', 'a whole day: 2026-11-30, today, yesterday')
    .option('--from <time>', 'from this time (2026-11-30 14:32, 14:32, yesterday 14:32, -2h, ISO 8601)')
    .option('--to <time>', 'to this time (default: now)')
    .option('--json', 'print a JSON document instead of the table')
    .addHelpText('after', '\nExamples:\n  cams-manager footage\n  cams-manager footage cam1 --day yesterday\n  cams-manager footage cam1 --from "2026-11-30 14:00" --to 15:00 --json')
    .action(async (camera: string | undefined, opts: FootageOptions, command: Command) => {
      const config = createContext(command).config(camera === undefined ? {} : { onlyCamera: camera });
      const now = Date.now();
      const { from, to } = rangeOf(opts, now);
      const cameras = selectCameras(config, camera);
      const out: string[] = [];
      const docs = [];
      let footage = 0;
      for (const c of cameras) {
        const { files, untimed } = await listFootage(c.output_dir, from, to);
        const catalogue = buildCatalogue(files, from, to);
        footage += catalogue.runs.length;
        if (opts.json) docs.push(footageDocument(c.name, catalogue, untimed));
        else out.push((camera === undefined ? formatSummaryLine(c.name, catalogue) + '\n' : formatCatalogue(c.name, catalogue)) + formatUntimed(untimed));
      }
      const text = opts.json ? JSON.stringify(camera === undefined ? { version: 1, cameras: docs } : docs[0], null, 2) + '\n' : out.join('');
      process.stdout.write(redactText(text));
      process.exitCode = footage > 0 ? EXIT.OK : EXIT.NO_FOOTAGE;
    });
}

// [from, to] from --day, or --from/--to (to defaults to now), or today so far.
function rangeOf(opts: FootageOptions, now: number): { from: number; to: number } {
  if (opts.day !== undefined && (opts.from !== undefined || opts.to !== undefined)) {
    throw new CamsError('--day cannot be given with --from or --to: a day is a whole range', { code: 'E_USAGE', exitCode: EXIT.USAGE });
  }
  if (opts.day !== undefined) {
    const day = parseDay(opts.day, now);
    return { from: day.start, to: Math.min(day.end, now) };
  }
  const from = opts.from !== undefined ? parseTimeExpression(opts.from, now) : parseDay('today', now).start;
  const to = opts.to !== undefined ? parseTimeExpression(opts.to, now) : now;
  if (to <= from) throw new CamsError(`--to (${opts.to ?? 'now'}) is not after --from (${opts.from ?? 'midnight'})`, { code: 'E_USAGE', exitCode: EXIT.USAGE });
  return { from, to };
}
