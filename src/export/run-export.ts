// The shell of `export`: the catalogue says which files hold the range, their samples are read
// (moof boxes only), the plan picks and times them, and the writer copies them into one file.
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Camera } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { buildCatalogue, nearestRun, type Catalogue, type FootageRun } from '../footage/catalogue.js';
import { readFootageFiles } from '../footage/read-files.js';
import { readSamples } from '../mp4/read-samples.js';
import { writeRegularMp4 } from '../mp4/write-regular.js';
import { formatInstant, localStamp } from '../time/local-time.js';
import { planExport, type ExportSource } from './plan.js';

export interface ExportOptions {
  camera: Camera;
  from: number;
  to: number;
  output?: string; // default: <camera>_<from>_<to>.mp4 in the current folder
  split: boolean; // one file per run of footage
  force: boolean; // replace an existing output
  onProgress?: (file: string, done: number, total: number) => void;
  signal?: AbortSignal; // stops the export (the file being written is removed), with its reason
}

export interface ExportedFile {
  file: string;
  start: number;
  end: number;
  bytes: number;
  gaps: number; // gaps inside it, kept at their length
  gapMs: number;
}

const NEAREST_WINDOW_MS = 7 * 86_400_000;

export async function runExport(options: ExportOptions): Promise<ExportedFile[]> {
  const { camera, from, to } = options;
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
  const groups = options.split ? catalogue.runs.map((r) => [r]) : [catalogue.runs];
  const formats = new Set(catalogue.runs.map((r) => r.format).filter(Boolean));
  if (!options.split && formats.size > 1) {
    throw new CamsError(`the footage of ${camera.name} between ${formatInstant(from)} and ${formatInstant(to)} is in ${formats.size} formats (${[...formats].join('; ')}): export it with --split, one file per run`, { code: 'E_FORMATS', exitCode: EXIT.USAGE });
  }
  const names = groups.map((_, i) => outputName(options, groups.length > 1 ? i + 1 : undefined));
  for (const name of names) await checkOutput(name, options);
  const out: ExportedFile[] = [];
  for (const [i, runs] of groups.entries()) out.push(await exportRuns(runs, names[i]!, options, live));
  return out;
}

async function exportRuns(runs: FootageRun[], file: string, options: ExportOptions, live: Map<string, FileHandle>): Promise<ExportedFile> {
  const sources: ExportSource[] = [];
  let moov: Buffer | undefined;
  let firstKey: string | undefined;
  for (const f of runs.flatMap((r) => r.files)) {
    const handle = live.get(f.path); // a file being recorded: its complete fragments
    const read = await readSamples(f.path, handle ? { handle, growing: true } : {}).catch((error: Error) => Promise.reject(new CamsError(`${f.path} ${error.message}`, { code: 'E_UNREADABLE', exitCode: EXIT.FAILURE, cause: error })));
    moov ??= read.info.moov;
    const key = sources.length === 0 ? undefined : firstKey;
    firstKey ??= read.info.formatKey;
    if (key !== undefined && read.info.formatKey !== key) {
      throw new CamsError(`${f.path} was recorded with other codec settings than the footage before it: export with --split, or a range on one side of ${formatInstant(f.start)}`, { code: 'E_FORMATS', exitCode: EXIT.USAGE });
    }
    // A merged file without its index line is known by its minute only: its manifest knows better.
    const start = !f.exact && read.info.manifest ? Date.parse(read.info.manifest.start) : f.start;
    sources.push({ file: f.path, start, tracks: read.info.tracks, samples: read.tracks });
  }
  const plan = planExport(sources, options.from, options.to);
  if (!plan || !moov) throw await noFootage(options);
  const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(file, done, total));
  const { bytes } = await writeRegularMp4({ moov, tracks: plan.tracks, creationTime: new Date(plan.start) }, file, { replace: options.force, openSource: async (f) => live.get(f) ?? open(f, 'r'), ...(onProgress ? { onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const gaps = runs.slice(1).map((r, i) => r.start - runs[i]!.end);
  return { file, start: plan.start, end: plan.end, bytes, gaps: gaps.length, gapMs: gaps.reduce((a, b) => a + b, 0) };
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
function outputName(options: ExportOptions, part: number | undefined): string {
  const base = options.output ?? `${options.camera.name}_${localStamp(options.from)}_${localStamp(options.to)}.mp4`;
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
