// What `cams-manager footage` prints, from the catalogue (pure): a table of runs and gaps in local
// time with the UTC offset (never ambiguous, also in a fall-back), or one line per camera; and the
// JSON document (version 1, instants in ISO 8601 UTC).
import { formatBytes } from '../log/bytes.js';
import { formatDuration } from '../log/duration.js';
import { formatInstant } from '../time/local-time.js';
import type { Catalogue } from './catalogue.js';

// "cam1: 2026-11-30 00:00:00 +0100 to 2026-11-30 15:07:02 +0100: 14 h 58 min of footage (98.9 %), 2 gaps, 12 GB"
export function formatSummaryLine(camera: string, c: Catalogue): string {
  const span = c.to - c.from;
  const share = span > 0 ? (c.covered / span) * 100 : 0;
  const gaps = `${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'}`;
  return `${camera}: ${formatInstant(c.from)} to ${formatInstant(c.to)}: ${formatDuration(c.covered / 1000)} of footage (${share.toFixed(1)} %), ${gaps}, ${formatBytes(c.bytes)}`;
}

// The summary line, then each run and each gap between them, in time order.
export function formatCatalogue(camera: string, c: Catalogue): string {
  const rows: string[][] = [['FROM', 'TO', 'LENGTH', 'SIZE', 'FORMAT']];
  c.runs.forEach((run, i) => {
    const gap = i > 0 ? c.gaps.find((g) => g.end === run.start) : undefined;
    if (gap) rows.push([`  gap of ${formatDuration((gap.end - gap.start) / 1000)}`, '', '', '', '']);
    rows.push([formatInstant(run.start), formatInstant(run.end), formatDuration((run.end - run.start) / 1000), formatBytes(run.bytes), run.format ?? '?']);
  });
  const widths = rows[0]!.map((_, col) => Math.max(...rows.filter((r) => r[1] !== '').map((r) => r[col]!.length)));
  const lines = rows.map((r) => (r[1] === '' ? r[0]! : r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()));
  const body = c.runs.length > 0 ? lines.map((l) => `  ${l}`) : ['  no footage'];
  return [formatSummaryLine(camera, c), ...body].join('\n') + '\n';
}

// Footage in the recorder's staging folders whose time is not known yet, left out of the catalogue.
export interface Untimed {
  files: number;
  bytes: number;
}

// "  2 files still being recorded (3.1 MB) are left out: …", or nothing when there are none.
export function formatUntimed(u: Untimed): string {
  if (u.files === 0) return '';
  const what = u.files === 1 ? '1 file still being recorded' : `${u.files} files still being recorded`;
  return `  ${what} (${formatBytes(u.bytes)}) ${u.files === 1 ? 'is' : 'are'} left out: ${u.files === 1 ? 'its' : 'their'} time is not known yet (the clock is not synchronised, or the recorder has only just started)\n`;
}

export interface FootageDocument {
  version: 1;
  camera: string;
  from: string;
  to: string;
  covered_seconds: number;
  coverage: number; // 0–1
  bytes: number;
  runs: Array<{ start: string; end: string; seconds: number; bytes: number; format: string | null; files: Array<{ path: string; kind: string; start: string; end: string; bytes: number }> }>;
  gaps: Array<{ start: string; end: string; seconds: number }>;
  untimed?: Untimed; // footage being recorded whose time is not known yet (only when there is some)
}

export function footageDocument(camera: string, c: Catalogue, untimed?: Untimed): FootageDocument {
  const iso = (ms: number) => new Date(ms).toISOString();
  const seconds = (a: number, b: number) => Math.round(b - a) / 1000;
  return {
    version: 1,
    camera,
    from: iso(c.from),
    to: iso(c.to),
    covered_seconds: Math.round(c.covered) / 1000,
    coverage: c.to > c.from ? Math.round((c.covered / (c.to - c.from)) * 10_000) / 10_000 : 0,
    bytes: c.bytes,
    runs: c.runs.map((r) => ({
      start: iso(r.start),
      end: iso(r.end),
      seconds: seconds(r.start, r.end),
      bytes: r.bytes,
      format: r.format ?? null,
      files: r.files.map((f) => ({ path: f.path, kind: f.kind, start: iso(f.start), end: iso(f.end), bytes: f.bytes })),
    })),
    gaps: c.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end), seconds: seconds(g.start, g.end) })),
    ...(untimed && untimed.files > 0 ? { untimed } : {}),
  };
}
