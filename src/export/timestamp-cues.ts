// The timestamps shown over an exported file, a pure core: one cue per wall-clock second of true
// time over the file's [start, end), cut at true second boundaries (the first runs from `start`
// to the next whole second), each saying its second's local date and time with the UTC offset
// ("2026-11-30 14:32:05 +01:00"; the offset changes at a DST change). The file's timeline keeps
// each gap at its true length, so across a gap the cues simply go on with true time.
import { textTrack } from '../mp4/text-track.js';
import type { TrackSelection } from '../mp4/write-regular.js';
import { formatTimestamp } from '../time/local-time.js';

export interface Cue {
  start: number; // ms, UTC
  end: number;
  text: string;
}

// The cues of [start, end), in time order; none when end <= start.
export function timestampCues(start: number, end: number): Cue[] {
  const cues: Cue[] = [];
  for (let at = start; at < end; ) {
    const next = Math.min(end, Math.floor(at / 1000) * 1000 + 1000);
    cues.push({ start: at, end: next, text: formatTimestamp(at) });
    at = next;
  }
  return cues;
}

// The timestamps of [start, end) as a text track with this id, shown from the file's time 0
// (the instant `start`). Its times are whole ms, each cue's ends rounded, so they add up to the whole.
export function timestampTrack(start: number, end: number, trackId: number): TrackSelection {
  const ms = (instant: number) => Math.round(instant - start);
  const cues = timestampCues(start, end)
    .map((c) => ({ duration: ms(c.end) - ms(c.start), text: c.text }))
    .filter((c) => c.duration > 0);
  return textTrack(trackId, cues);
}
