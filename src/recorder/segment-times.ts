// The exact times of segments, for the merge: one JSON line per segment the recorder admitted, in
// <output_dir>/.footage/YYYYMMDD.segments.jsonl (the day of its name). A name has 1-second
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

export function segmentTimesPath(outputDir: string, day: string): string {
  return path.join(outputDir, '.footage', `${day}.segments.jsonl`);
}

// Appends a line to the day's file (best effort: the times only refine the names).
export async function recordSegmentTime(outputDir: string, day: string, line: SegmentTimesLine): Promise<void> {
  const file = segmentTimesPath(outputDir, day);
  await makeDirs(path.dirname(file))
    .then(() => appendFile(file, JSON.stringify(line) + '\n'))
    .catch(() => undefined);
}

// A day's segment times by name (the last line for a name wins), and its clock steps.
export function readSegmentTimes(outputDir: string, day: string): { times: Map<string, SegmentTime>; steps: ClockStep[] } {
  const times = new Map<string, SegmentTime>();
  const steps: ClockStep[] = [];
  let text = '';
  try {
    text = readFileSync(segmentTimesPath(outputDir, day), 'utf8');
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
