// The shell of `export`: the catalogue says which files hold the range, their samples are read
// (moof boxes only), the plan picks and times them, and the writer copies them into one file
// (with --timestamps, beside a text track saying each second's local date and time).
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Camera } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { buildCatalogue, GAP_MS, nearestRun, type Catalogue, type FootageFile } from '../footage/catalogue.js';
import { readFootageFiles } from '../footage/read-files.js';
import { readSamples } from '../mp4/read-samples.js';
import { writeFragmentedMp4 } from '../mp4/write-fragmented.js';
import type { Output } from '../mp4/write-output.js';
import { writeRegularMp4 } from '../mp4/write-regular.js';
import { appleReadyMoov } from './apple-moov.js';
import { formatInstant, localStamp } from '../time/local-time.js';
import { planExport, type ExportSource } from './plan.js';
import { timestampTrack } from './timestamp-cues.js';

export interface ExportOptions {
  camera: Camera;
  from: number;
  to: number;
  output?: Output; // a file (default: <camera>_<from>_<to>.mp4 in the current folder), or a stream (stdout)
  format: ExportFormat;
  split: boolean; // one file per run of footage
  force: boolean; // replace an existing output
  timestamps?: boolean; // add a subtitle track with each second's local date and time
  onProgress?: (file: string, done: number, total: number) => void;
  signal?: AbortSignal; // stops the export (the file being written is removed), with its reason
}

// mp4: a regular faststart MP4; fmp4: a fragmented MP4 (a fragment per GOP: streams, and plays when cut short).
export const EXPORT_FORMATS = ['mp4', 'fmp4'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const WRITERS = { mp4: writeRegularMp4, fmp4: writeFragmentedMp4 };

export interface ExportedFile {
  file: string; // its path, or "-" for a stream
  start: number;
  end: number;
  bytes: number;
  gaps: number; // gaps inside it, kept at their length
  gapMs: number;
}

const NEAREST_WINDOW_MS = 7 * 86_400_000;

export async function runExport(options: ExportOptions): Promise<ExportedFile[]> {
  const { camera, from, to } = options;
  if (options.split && typeof options.output === 'object') {
    throw new CamsError('--split writes one file per run: give -o a file name, not - (standard output)', { code: 'E_USAGE', exitCode: EXIT.USAGE });
  }
  const { catalogue, live } = await catalogueWithLiveFiles(camera.output_dir, from, to);
  try {
    return await exportCatalogue(catalogue, live, options);
  } finally {
    await Promise.all([...live.values()].map((h) => h.close().catch(() => undefined)));
  }
}

// Footage still being recorded is read through a handle opened at once: the recorder may move the
// file to segments/ at any moment, and an open file stays readable. One moved between the listing
// and its opening is in segments/ by then: the folders are listed again, without its old path.
async function catalogueWithLiveFiles(outputDir: string, from: number, to: number): Promise<{ catalogue: Catalogue; live: Map<string, FileHandle> }> {
  const gone = new Set<string>();
  for (;;) {
    const catalogue = buildCatalogue((await readFootageFiles(outputDir, from, to)).filter((f) => !gone.has(f.path)), from, to);
    const recording = catalogue.runs.flatMap((r) => r.files).filter((f) => f.kind === 'recording');
    const live = new Map<string, FileHandle>();
    for (const f of recording) {
      const handle = await open(f.path, 'r').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      if (handle) live.set(f.path, handle);
      else gone.add(f.path);
    }
    if (live.size === recording.length) return { catalogue, live };
    await Promise.all([...live.values()].map((h) => h.close()));
  }
}

async function exportCatalogue(catalogue: Catalogue, live: Map<string, FileHandle>, options: ExportOptions): Promise<ExportedFile[]> {
  const { camera, from, to } = options;
  if (catalogue.runs.length === 0) throw await noFootage(options);
  const formats = new Set(catalogue.runs.map((r) => r.format).filter(Boolean));
  if (!options.split && formats.size > 1) {
    throw new CamsError(`the footage of ${camera.name} between ${formatInstant(from)} and ${formatInstant(to)} is in ${formats.size} formats (${[...formats].join('; ')}): export it with --split, one file per run`, { code: 'E_FORMATS', exitCode: EXIT.USAGE });
  }
  const groups = options.split ? catalogue.runs.map((r) => [r]) : [catalogue.runs];
  const names = await outputNames(options, groups.length);
  const out: ExportedFile[] = [];
  for (const runs of groups) {
    // Files of one run that differ in their codec setup (new SPS at the same size) cannot share a
    // sample description: with --split each part is a file of its own; without, it is an error.
    const parts = await readParts(runs.flatMap((r) => r.files), options.split, live);
    for (const part of parts) {
      const name = names[out.length] ?? outputName(options.output as string | undefined, options, out.length + 1);
      if (out.length >= names.length) await checkOutput(name as string, options);
      const exported = await exportPart(part, name, options, live);
      if (exported) out.push(exported);
    }
  }
  if (out.length === 0) throw await noFootage(options);
  return out;
}

interface Part {
  moov: Buffer; // of its first file: the sample descriptions of all
  sources: ExportSource[];
  files: FootageFile[];
}

// The sources of `files` (in time order) with their samples, in parts of one codec setup each.
async function readParts(files: FootageFile[], split: boolean, live: Map<string, FileHandle>): Promise<Part[]> {
  const parts: Part[] = [];
  let key: string | undefined;
  for (const f of files) {
    const handle = live.get(f.path); // a file being recorded: its complete fragments
    const read = await readSamples(f.path, handle ? { handle, growing: true } : {}).catch((error: Error) => Promise.reject(new CamsError(`${f.path} ${error.message}`, { code: 'E_UNREADABLE', exitCode: EXIT.FAILURE, cause: error })));
    if (key !== read.info.formatKey) {
      if (key !== undefined && !split) {
        throw new CamsError(`${f.path} was recorded with other codec settings than the footage before it: export with --split, or a range on one side of ${formatInstant(f.start)}`, { code: 'E_FORMATS', exitCode: EXIT.USAGE });
      }
      key = read.info.formatKey;
      parts.push({ moov: read.info.moov, sources: [], files: [] });
    }
    // A merged file without its index line is known by its minute only: its manifest knows better.
    const start = !f.exact && read.info.manifest ? Date.parse(read.info.manifest.start) : f.start;
    parts[parts.length - 1]!.sources.push({ file: f.path, start, tracks: read.info.tracks, samples: read.tracks });
    parts[parts.length - 1]!.files.push(f);
  }
  return parts;
}

// One file of a part; undefined when none of its frames falls in the range.
async function exportPart(part: Part, file: Output, options: ExportOptions, live: Map<string, FileHandle>): Promise<ExportedFile | undefined> {
  const plan = planExport(part.sources, options.from, options.to);
  if (!plan) return undefined;
  const name = typeof file === 'string' ? file : '-';
  const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(name, done, total));
  const moov = await appleReadyMoov(part.moov, plan.tracks);
  const nextId = Math.max(...part.sources[0]!.tracks.map((t) => t.id)) + 1;
  const tracks = options.timestamps ? [...plan.tracks, timestampTrack(plan.start, plan.end, nextId)] : plan.tracks;
  const { bytes } = await WRITERS[options.format]({ moov, tracks, creationTime: new Date(plan.start) }, file, { replace: options.force, openSource: async (f) => live.get(f) ?? open(f, 'r'), ...(onProgress ? { onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const gaps = part.files.slice(1).map((f, i) => f.start - part.files[i]!.end).filter((ms) => ms > GAP_MS);
  return { file: name, start: plan.start, end: plan.end, bytes, gaps: gaps.length, gapMs: gaps.reduce((a, b) => a + b, 0) };
}

// The file (or stream: one file only) each group of runs goes to, checked before anything is read.
// With --split the names are always numbered: a run may still split where its codec settings change.
async function outputNames(options: ExportOptions, count: number): Promise<Output[]> {
  const { output } = options;
  if (output !== undefined && typeof output !== 'string') return [output];
  const names = Array.from({ length: count }, (_, i) => outputName(output, options, options.split ? i + 1 : undefined));
  for (const name of names) await checkOutput(name, options);
  return names;
}

// Before anything is read: an output that exists is refused (unless --force), and never may an
// export replace a recording (an -o inside the camera's folder).
async function checkOutput(file: string, options: ExportOptions): Promise<void> {
  const inside = path.relative(path.resolve(options.camera.output_dir), file);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
    throw new CamsError(`"${file}" is inside the recordings of ${options.camera.name} (${options.camera.output_dir}): write the export elsewhere`, { code: 'E_OUTPUT', exitCode: EXIT.USAGE });
  }
  if (!options.force && (await stat(file).then(() => true, () => false))) {
    throw new CamsError(`"${file}" already exists: nothing is overwritten (give another -o, or --force to replace it)`, { code: 'E_EXISTS', exitCode: EXIT.CANT_CREATE });
  }
}

// "cam1_20261130_143000_20261130_144000.mp4" (or -1, -2 … with --split).
function outputName(output: string | undefined, options: ExportOptions, part: number | undefined): string {
  const base = output ?? `${options.camera.name}_${localStamp(options.from)}_${localStamp(options.to)}.mp4`;
  if (part === undefined) return path.resolve(base);
  const ext = path.extname(base) || '.mp4';
  return path.resolve(`${base.slice(0, base.length - path.extname(base).length)}-${part}${ext}`);
}

// "no footage of cam2 between … and …; nearest: … to …" (exit 3).
async function noFootage({ camera, from, to }: ExportOptions): Promise<CamsError> {
  const around = buildCatalogue(await readFootageFiles(camera.output_dir, from - NEAREST_WINDOW_MS, to + NEAREST_WINDOW_MS), from - NEAREST_WINDOW_MS, to + NEAREST_WINDOW_MS);
  const nearest = nearestRun(around.runs, from);
  const hint = nearest ? `; nearest: ${formatInstant(nearest.start)} to ${formatInstant(nearest.end)}` : '; none in the week around it either';
  return new CamsError(`no footage of ${camera.name} between ${formatInstant(from)} and ${formatInstant(to)}${hint}`, { code: 'E_NO_FOOTAGE', exitCode: EXIT.NO_FOOTAGE });
}

