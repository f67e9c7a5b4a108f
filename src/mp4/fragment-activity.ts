// How much a camera sent, moment by moment, without decoding: the bytes of each fragment (moof and
// mdat) spread evenly over the video it holds, summed per ACTIVITY_STEP_MS. A still scene costs
// an encoder little, motion a lot, so the bytes per few seconds show where something happened.
import type { FragmentSpan } from './inspect.js';

export const ACTIVITY_STEP_MS = 5000;

// Bytes per ACTIVITY_STEP_MS from the first frame, as integers: the last step may be partly covered.
export function activityOf(fragments: readonly Pick<FragmentSpan, 'size' | 'mdatSize' | 'time' | 'duration'>[]): number[] {
  const step = ACTIVITY_STEP_MS / 1000;
  const sums: number[] = [];
  const add = (i: number, bytes: number) => (sums[i] = (sums[i] ?? 0) + bytes);
  for (const f of fragments) {
    const bytes = f.size + f.mdatSize;
    if (f.duration <= 0) {
      add(Math.floor(f.time / step), bytes);
      continue;
    }
    const end = f.time + f.duration;
    for (let i = Math.floor(f.time / step); i * step < end; i++) {
      const overlap = Math.min(end, (i + 1) * step) - Math.max(f.time, i * step);
      if (overlap > 0) add(i, (bytes * overlap) / f.duration);
    }
  }
  return Array.from(sums, (s) => Math.round(s ?? 0));
}
