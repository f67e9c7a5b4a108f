// Writes a regular, "faststart" MP4 (ftyp, moov, one mdat) from samples chosen out of source files,
// copied byte for byte, and samples held in memory, front to back: to a new file that appears
// complete or not at all, or to a stream (see write-output.ts).
import { copyRanges, type OpenSource } from './copy-ranges.js';
import { planRegularMp4, type RegularMp4Spec } from './regular-plan.js';
import { writeOutput, type Output } from './write-output.js';

export type { Edit } from './regular-moov.js';
export type { RegularMp4Spec, SourceSample, TrackSelection } from './regular-plan.js';
export type { TrackDescription } from './described-trak.js';

export interface WriteOptions {
  replace?: boolean; // replace an existing file (atomically, by rename) once the new one is whole
  onProgress?: (done: number, total: number) => void; // the bytes written so far and the file's size, after each batch
  openSource?: OpenSource; // opens the source files (by default, by their path)
  signal?: AbortSignal; // aborted: the writer stops between two batches with its reason, its temporary file removed
}

// Writes `output` (a new file, or a stream); returns its size in bytes. An existing file or a
// folder that cannot be written is a CamsError (exit 73); a source shorter than its samples is an
// Error naming it.
export async function writeRegularMp4(spec: RegularMp4Spec, output: Output, options: WriteOptions = {}): Promise<{ bytes: number }> {
  const plan = planRegularMp4(spec);
  await writeOutput(output, options, (write) => copyRanges([...plan.head, ...plan.ranges], write, 0, (done) => options.onProgress?.(done, plan.size), options.openSource));
  return { bytes: plan.size };
}
