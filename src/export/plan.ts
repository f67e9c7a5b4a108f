// The export plan, a pure core: which samples of which recordings go into the exported file, the
// durations that keep it on true time, and the edit lists that make it start exactly at `from`.
//
// - Video is cut at the keyframe at or before `from` (a decoder needs it); an edit list hides the
//   lead-in, so the file shows its first frame at `from`. It ends with the last frame that starts
//   before `to`, shown until `to` or its own end.
// - Each source file's first frame is at its true instant (the catalogue's). Files that follow
//   each other are joined as their media says; before a gap (more than GAP_MS), the last sample
//   lasts until the next file's first, so the gap keeps its true length (the last frame stays on
//   screen; the audio is silent), to the nearest whole frame: FFmpeg guesses a file's frame rate
//   from the durations of its first seconds of frames, and a gap with a fraction of a frame makes
//   it guess wrong (45, 240, 14.8 fps for a camera's 15); it re-times the frames at that rate (or,
//   past 210 fps, at the average rate, a few fps with the gap) and gives several the same
//   timestamp ("non monotonically increasing dts to muxer"). The footage after the gap, sound and
//   picture alike, moves by as much (at most half a frame), so they stay in sync.
// - Audio is cut to the same instants, each track with its own edit, so it stays in sync.
import { CamsError, EXIT } from '../errors.js';
import { GAP_MS } from '../footage/catalogue.js';
import type { TrackInfo } from '../mp4/inspect.js';
import type { Sample } from '../mp4/samples.js';
import type { Edit, SourceSample, TrackSelection } from '../mp4/write-regular.js';

export interface ExportSource {
  file: string;
  start: number; // ms, UTC: the instant of its first video frame
  tracks: TrackInfo[];
  samples: Map<number, Sample[]>; // by track id, decode order
}

export interface ExportPlan {
  tracks: TrackSelection[];
  start: number; // ms: the instant the file shows first (from, or later when footage starts later)
  end: number; // ms: the instant it ends
}

interface Timed {
  sample: Sample;
  file: string;
  at: number; // ms: instant of the sample's presentation (video) or start (audio)
  leadIn?: number; // ticks of its duration that are not sound (a file's first audio frame)
}

const MAX_DURATION = 0xffffffff; // a sample's duration is a 32-bit field

function gapTooLong(ms: number): CamsError {
  return new CamsError(`a gap of ${Math.round(ms / 3_600_000)} h is too long to keep in one MP4 file: export with --split, one file per run`, { code: 'E_GAP', exitCode: EXIT.USAGE });
}

// Plans one exported file from sources of one format, in time order; undefined when no video
// frame falls in [from, to).
export function planExport(sources: readonly ExportSource[], from: number, to: number): ExportPlan | undefined {
  const first = sources[0];
  if (!first) return undefined;
  const video = first.tracks.find((t) => t.kind === 'video')!;
  const frames = timedSamples(sources, 'video');
  const startAt = lastIndex(frames, (f) => f.sample.sync && f.at <= from);
  const from0 = startAt === -1 ? frames.findIndex((f) => f.sample.sync && f.at >= from) : startAt;
  if (from0 === -1) return undefined;
  const endAt = lastIndex(frames, (f) => f.at < to);
  if (endAt < from0) return undefined;
  const chosen = frames.slice(from0, endAt + 1);
  const start = Math.max(from, chosen[0]!.at);
  const last = chosen[chosen.length - 1]!;
  const end = Math.min(to, last.at + msOf(last.sample.duration, video.timescale));
  if (end <= start) return undefined; // the footage ends before `from`
  const shifts = gapShifts(chosen, video.timescale);
  const tracks = [track(video, chosen, { start, end, shifts })];
  for (const audio of first.tracks.filter((t) => t.kind === 'audio')) {
    const sounds = timedSamples(sources, 'audio', audio.id);
    const a0 = Math.max(0, lastIndex(sounds, (s) => s.at <= start));
    const a1 = lastIndex(sounds, (s) => s.at < end);
    if (a1 >= a0) tracks.push(track(audio, sounds.slice(a0, a1 + 1), { start, end, shifts }));
  }
  return { tracks, start, end };
}

// The samples of one kind of track across the sources, each with its true instant.
function timedSamples(sources: readonly ExportSource[], kind: 'video' | 'audio', id?: number): Timed[] {
  const out: Timed[] = [];
  for (const source of sources) {
    const t = source.tracks.find((x) => x.kind === kind && (id === undefined || x.id === id));
    const video = source.tracks.find((x) => x.kind === 'video')!;
    const samples = t ? source.samples.get(t.id) ?? [] : [];
    const vs = source.samples.get(video.id) ?? [];
    // Time zero of the file: its first video frame's presentation, at source.start.
    const zero = vs.length ? Math.min(...vs.slice(0, 8).map((s) => s.decodeTime + s.compositionOffset)) / video.timescale : 0;
    for (const s of samples) {
      const media = (kind === 'video' ? s.decodeTime + s.compositionOffset : s.decodeTime) / t!.timescale;
      // FFmpeg stretches each file's first audio frame back to 0 (its lead-in): it really starts later.
      const leadIn = kind === 'audio' && s === samples[0] && t!.leadIn > 0 ? t!.leadIn : undefined;
      const at = source.start + (media - zero + (leadIn ?? 0) / t!.timescale) * 1000;
      out.push({ sample: s, file: source.file, at, ...(leadIn ? { leadIn } : {}) });
    }
  }
  return out;
}

// How far (ms) the footage after each gap moves so that the video frame before it lasts a whole
// number of frames (the video's most common frame duration), by the file after the gap.
function gapShifts(frames: readonly Timed[], timescale: number): Map<string, number> {
  const frame = commonDuration(frames);
  const shifts = new Map<string, number>();
  if (frame <= 0) return shifts;
  frames.forEach((t, i) => {
    const next = frames[i + 1];
    if (!next || !endsBeforeGap(t, next, timescale)) return;
    const length = Math.max(1, Math.round((next.at - t.at) / msOf(frame, timescale))) * msOf(frame, timescale);
    shifts.set(next.file, length - (next.at - t.at));
  });
  return shifts;
}

// The duration most frames have, in ticks.
function commonDuration(frames: readonly Timed[]): number {
  const counts = new Map<number, number>();
  for (const f of frames) counts.set(f.sample.duration, (counts.get(f.sample.duration) ?? 0) + 1);
  return [...counts].reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

// Whether the next sample is in another file starting more than GAP_MS after this one ends.
function endsBeforeGap(t: Timed, next: Timed, timescale: number): boolean {
  // (A first audio frame's lead-in is time before its sound: `at` is past it, so is its duration.)
  return next.file !== t.file && next.at - (t.at + msOf(t.sample.duration - (t.leadIn ?? 0), timescale)) > GAP_MS;
}

interface TrackSpan {
  start: number; // ms: where the file starts
  end: number; // ms: where it ends
  shifts: Map<string, number>; // ms by file: how far the footage after a gap moves (gapShifts)
}

// One track of the plan: samples with durations that follow true time, and an edit from `start` to `end`.
function track(info: TrackInfo, timed: Timed[], { start, end, shifts }: TrackSpan): TrackSelection {
  const ticks = (ms: number) => Math.round((ms * info.timescale) / 1000);
  const samples: SourceSample[] = timed.map((t, i) => {
    const next = timed[i + 1];
    // A sample keeps its duration, but the last one before a gap lasts until the next (moved onto
    // the video's frames): the gap keeps its length. Between files that follow each other the
    // media's own timing is kept (their index times may differ by a frame).
    const gap = next !== undefined && endsBeforeGap(t, next, info.timescale);
    const duration = gap ? ticks(next.at + (shifts.get(next.file) ?? 0) - t.at) : t.sample.duration - (t.leadIn ?? 0);
    if (duration > MAX_DURATION) throw gapTooLong(next!.at - t.at);
    return { file: t.file, offset: t.sample.offset, size: t.sample.size, duration, sync: info.kind === 'video' ? t.sample.sync : true, compositionOffset: t.sample.compositionOffset };
  });
  const firstPresented = info.kind === 'video' ? timed[0]!.sample.compositionOffset : 0;
  const lateBy = timed[0]!.at - start; // a track whose footage starts after `start` waits in an empty edit
  const edits: Edit[] =
    lateBy > 0
      ? [{ mediaTime: -1, duration: ticks(lateBy) }, { mediaTime: firstPresented, duration: ticks(end - timed[0]!.at) }]
      : [{ mediaTime: firstPresented + ticks(-lateBy), duration: ticks(end - start) }];
  return { trackId: info.id, samples, edits };
}

function msOf(ticks: number, timescale: number): number {
  return (ticks * 1000) / timescale;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
