// The activity strip (pure): how many bytes a second the camera's footage took, bucket by bucket
// across a range, from each file's bytes per 5 s (mp4/fragment-activity.ts): no decoding, and for
// merged files not even a file opened (the merge wrote it in the footage index).
import { ACTIVITY_STEP_MS } from '../mp4/fragment-activity.js';

export interface ActivitySource {
  start: number; // ms, UTC: the file's first frame
  end: number; // ms: the end of its last frame
  activity: readonly number[]; // bytes per ACTIVITY_STEP_MS from start
}

// Bytes per second of footage in each `step` ms from `start` up to `end` (the last bucket may be
// shorter), null where there is none: a bucket half covered gives the rate of its footage.
export function bytesPerSecond(sources: readonly ActivitySource[], start: number, end: number, step: number): Array<number | null> {
  const count = Math.ceil((end - start) / step);
  const bytes = new Float64Array(count);
  const covered = new Float64Array(count);
  for (const source of sources) {
    for (let i = 0; i < source.activity.length; i++) {
      const from = source.start + i * ACTIVITY_STEP_MS;
      const to = Math.min(from + ACTIVITY_STEP_MS, source.end);
      if (to <= from || to <= start || from >= end) continue;
      const rate = source.activity[i]! / (to - from); // bytes per ms of this piece
      const [first, last] = [Math.max(from, start), Math.min(to, end)];
      for (let k = Math.floor((first - start) / step); k < count && start + k * step < last; k++) {
        const overlap = Math.min(last, start + (k + 1) * step) - Math.max(first, start + k * step);
        bytes[k] = bytes[k]! + rate * overlap;
        covered[k] = covered[k]! + overlap;
      }
    }
  }
  return Array.from(bytes, (b, k) => (covered[k]! > 0 ? Math.round((b * 1000) / covered[k]!) : null));
}
