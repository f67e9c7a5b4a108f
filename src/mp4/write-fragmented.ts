// Writes a fragmented MP4 (ftyp, moov, then a moof + mdat per group of pictures) from samples
// chosen out of source files, copied byte for byte, front to back: to a new file that appears
// complete or not at all, or to a stream such as a pipe (see write-output.ts).
import { copyRanges } from './copy-ranges.js';
import { planFragmentedMp4 } from './fragmented-plan.js';
import type { RegularMp4Spec } from './regular-plan.js';
import { writeOutput, type Output } from './write-output.js';
import type { WriteOptions } from './write-regular.js';

// Writes `output` (a new file, or a stream); returns its size in bytes. Errors as writeRegularMp4's.
export async function writeFragmentedMp4(spec: RegularMp4Spec, output: Output, options: WriteOptions = {}): Promise<{ bytes: number }> {
  const plan = planFragmentedMp4(spec);
  const pieces = [...plan.head, ...plan.fragments.flatMap((f) => [f.head, ...f.data])];
  await writeOutput(output, options, (write) => copyRanges(pieces, write, 0, (done) => options.onProgress?.(done, plan.size), options.openSource));
  return { bytes: plan.size };
}
