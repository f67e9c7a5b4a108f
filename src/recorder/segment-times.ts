// The exact times of segments, for the merge: one JSON line per segment the recorder admitted, in
// <output_dir>/.footage/YYYYMMDD_HH.segments.jsonl (the hour of its name: a merge reads only the
// hours whose segments wait, ~1800 lines, not a day's 43 200). A name has 1-second
// precision; the line has the millisecond, and the run of footage it belongs to (one FFmpeg run
// between two steps of the clock), so the merge never joins two runs into one file. A step of the
// clock is a line too. Best effort: without a line (a full disk) a segment goes by its name.
import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirs } from './folders.js';

export interface SegmentTime {
  name: string;
  start: number; // ms, UTC: the instant of its first frame
  end: number; // ms
  run: string; // equal for footage of one continuous run of true time
}

export interface ClockStep {
  step: number; // seconds the wall clock moved (+ forward)
  at: number; // ms, UTC, after the step
}

export type SegmentTimesLine = SegmentTime | ClockStep;

// The file of the hour a name ("YYYYMMDD_HH…") belongs to.
export function segmentTimesPath(outputDir: string, name: string): string {
  return path.join(outputDir, '.footage', `${hourOf(name)}.segments.jsonl`);
}

// "YYYYMMDD_HH" of a segment name or stamp.
export function hourOf(name: string): string {
  return name.slice(0, 11);
}

// Appends a line to the file of `name`'s hour (best effort: the times only refine the names).
export async function recordSegmentTime(outputDir: string, name: string, line: SegmentTimesLine): Promise<void> {
  const file = segmentTimesPath(outputDir, name);
  await makeDirs(path.dirname(file))
    .then(() => appendFile(file, JSON.stringify(line) + '\n'))
    .catch(() => undefined);
}

// An hour's segment times by name (the last line for a name wins), and its clock steps; `name`
// is any name or stamp of that hour.
export function readSegmentTimes(outputDir: string, name: string): { times: Map<string, SegmentTime>; steps: ClockStep[] } {
  const times = new Map<string, SegmentTime>();
  const steps: ClockStep[] = [];
  let text = '';
  try {
    text = readFileSync(segmentTimesPath(outputDir, name), 'utf8');
  } catch {
    return { times, steps };
  }
  for (const raw of text.split('\n')) {
    let line: Partial<SegmentTime & ClockStep>;
    try {
      line = JSON.parse(raw) as Partial<SegmentTime & ClockStep>;
    } catch {
      continue; // a line cut by a crash
    }
    if (typeof line.name === 'string' && Number.isFinite(line.start) && Number.isFinite(line.end) && typeof line.run === 'string') {
      times.set(line.name, { name: line.name, start: line.start!, end: line.end!, run: line.run });
    } else if (Number.isFinite(line.step) && Number.isFinite(line.at)) steps.push({ step: line.step!, at: line.at! });
  }
  return { times, steps };
}
