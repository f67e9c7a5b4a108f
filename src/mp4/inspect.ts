// Reads what the joiner needs from an MP4 without decoding: its tracks, its fragments, each
// track's duration, and a key that differs whenever the codec parameters differ. A fragmented MP4
// (ours: ftyp, moov with mvex, then moof+mdat pairs) is read fragment by fragment; a regular one
// (FFmpeg's plain mp4, as the original tool wrote: one moov with sample tables, and mdat) from its
// sample tables. The joiner takes fragmented files only: a regular one is remuxed first.
import { open, type FileHandle } from 'node:fs/promises';
import { findBox, topLevelBoxes, type Box, type TopBox } from './boxes.js';
import { parseFragment } from './fragment.js';
import { decodeManifest, type Manifest } from './manifest.js';
import { formatKey, readCreationTime, readTracks, trexDurations } from './moov.js';
import { readRegularTracks } from './regular.js';

export interface TrackInfo {
  id: number;
  kind: 'video' | 'audio' | 'other';
  codec: string; // sample entry type: avc1, hvc1, mp4a…
  timescale: number;
  width?: number;
  height?: number;
  start: number; // true start of the first sample, in timescale ticks (see leadIn)
  end: number; // end of the last sample, in ticks
  leadIn: number; // ticks by which FFmpeg stretched the first sample to start the track at 0
  samples: number; // samples in its fragments (0 in a regular file)
}

export interface Mp4Info {
  file: string;
  size: number;
  layout: 'fragmented' | 'regular'; // regular: one moov with sample tables (no moof), e.g. the original tool's files
  ftyp: Buffer;
  moov: Buffer;
  tracks: TrackInfo[];
  fragments: FragmentSpan[]; // moof, then its mdat (none when regular)
  formatKey: string; // equal for files whose moov describes the same tracks and codec setup
  creationTime: Date | undefined; // mvhd creation time (set on merged files: the footage's start)
  videoDuration: number; // seconds: end of the video track (regular: its samples' durations)
  manifest: Manifest | undefined; // on merged files: the segments inside
  initSize: number | undefined; // bytes from 0 holding ftyp and moov only (an init segment); undefined when they are not first
}

// A movie fragment: its moof at byte `start` (`size` bytes) and the mdat right after it, and the
// span of video it holds, in seconds from the video's first sample (decode times: tfdt and the
// sample durations). A fragment without video samples lasts 0 s from where the video before it ended.
export interface FragmentSpan {
  start: number;
  size: number;
  mdatSize: number;
  time: number;
  duration: number;
}

// How a file is read: `growing` (one FFmpeg is still writing) takes only its whole part, the init
// boxes and every complete moof+mdat pair, as if the file ended there; `handle` reads an open file.
export interface ReadOptions {
  growing?: boolean;
  handle?: FileHandle;
}

// Inspects a file; throws an Error saying what is wrong when it is not a complete MP4 with video.
export async function inspectMp4(file: string, options: ReadOptions = {}): Promise<Mp4Info> {
  if (options.handle) return inspectHandle(file, options.handle, options.growing === true);
  const handle = await open(file, 'r');
  try {
    return await inspectHandle(file, handle, options.growing === true);
  } finally {
    await handle.close();
  }
}

async function inspectHandle(file: string, handle: FileHandle, growing: boolean): Promise<Mp4Info> {
  const whole = await wholeBoxes(handle, growing);
  const { size, top } = whole;
  const ftypBox = top.find((b) => b.type === 'ftyp');
  const moovBox = top.find((b) => b.type === 'moov');
  if (!ftypBox || !moovBox) throw new Error('is not an MP4 file (no ftyp or moov box)');
  const [ftyp, moov] = [await readBox(handle, ftypBox), await readBox(handle, moovBox)];
  const tracks = readTracks(moov);
  const video = tracks.find((t) => t.kind === 'video');
  if (!video) throw new Error('has no video track');
  const layout = findBox(moov, 'moov/mvex') ? 'fragmented' : 'regular';
  const fragments = layout === 'fragmented' ? await readFragments(handle, top, moov, tracks) : [];
  if (layout === 'regular') readRegularTracks(moov, top, tracks);
  if (video.end <= 0) throw new Error('has no video frames');
  const manifest = await readManifest(handle, top);
  return { file, size, layout, ftyp, moov, tracks, fragments, formatKey: formatKey(moov), creationTime: readCreationTime(moov), videoDuration: videoSeconds(video, layout), manifest, initSize: initSize(top, moovBox) };
}

// Where the init part of the file ends: ftyp at byte 0, then moov (free space between is harmless
// to a player). Our files have nothing else there: the merge writes its manifest after the moov.
function initSize(top: Box[], moov: Box): number | undefined {
  const before = top.slice(0, top.indexOf(moov));
  const onlyHeads = before[0]?.type === 'ftyp' && before.every((b) => b.type === 'ftyp' || b.type === 'free' || b.type === 'skip');
  return onlyHeads ? moov.start + moov.size : undefined;
}

// The video's own length. A regular file's video may start after an empty edit (FFmpeg's reading
// puts its first frame at 0 when remuxing it, as in ours): that delay is not footage.
function videoSeconds(video: TrackInfo, layout: Mp4Info['layout']): number {
  return (video.end - (layout === 'regular' ? video.start : 0)) / video.timescale;
}

// The top-level boxes and the size of what is read: a growing file ends after its last complete
// fragment (a box cut off, or a moof whose mdat is not written yet, is not part of it).
async function wholeBoxes(handle: FileHandle, growing: boolean): Promise<{ size: number; top: TopBox[] }> {
  const { size } = await handle.stat();
  const top = await topLevelBoxes(handle, size, growing, KEEP_MOOF);
  if (!growing) return { size, top };
  const lastPair = top.findLastIndex((b, i) => b.type === 'mdat' && top[i - 1]?.type === 'moof');
  const moov = top.findIndex((b) => b.type === 'moov');
  const kept = top.slice(0, Math.max(lastPair, moov) + 1);
  const end = kept.at(-1);
  return { size: end ? end.start + end.size : 0, top: kept };
}

const KEEP_MOOF = new Set(['moof']);

async function readBox(handle: FileHandle, box: Box): Promise<Buffer> {
  const buf = Buffer.alloc(box.size);
  await handle.read(buf, 0, box.size, box.start);
  return buf;
}

async function readManifest(handle: FileHandle, top: Box[]): Promise<Manifest | undefined> {
  for (const box of top) {
    if (box.type !== 'uuid' || box.size > 4 * 1024 * 1024) continue;
    const manifest = decodeManifest(await readBox(handle, box), box.header);
    if (manifest) return manifest;
  }
  return undefined;
}

// Walks every moof (each must be followed by its mdat) and fills in each track's start and end.
async function readFragments(handle: FileHandle, top: TopBox[], moov: Buffer, tracks: TrackInfo[]): Promise<FragmentSpan[]> {
  const trex = trexDurations(moov);
  const video = tracks.find((t) => t.kind === 'video')!;
  const fragments: FragmentSpan[] = [];
  for (let i = 0; i < top.length; i++) {
    if (top[i]!.type !== 'moof') continue;
    const mdat = top[i + 1];
    if (mdat?.type !== 'mdat') throw new Error(`fragment at byte ${top[i]!.start} has no media data after it`);
    const info = parseFragment(top[i]!.bytes ?? (await readBox(handle, top[i]!)), trex);
    let [time, duration] = [-1, 0]; // of the video, in ticks (-1: none in this fragment)
    for (const run of info.runs) {
      const track = tracks.find((t) => t.id === run.trackId);
      if (!track || run.durations.length === 0) continue;
      const length = run.durations.reduce((a, b) => a + b, 0);
      if (track.start < 0) setStart(track, run.baseTime, run.durations);
      track.end = Math.max(track.end, run.baseTime + length);
      track.samples += run.durations.length;
      if (track === video) [time, duration] = [run.baseTime, length];
    }
    fragments.push({ start: top[i]!.start, size: top[i]!.size, mdatSize: mdat.size, time, duration });
  }
  for (const track of tracks) track.start = Math.max(track.start, 0);
  return inSeconds(fragments, video);
}

// Fragment times from video ticks (as read) to seconds from the video's start.
function inSeconds(fragments: FragmentSpan[], video: TrackInfo): FragmentSpan[] {
  let reached = 0;
  for (const f of fragments) {
    f.time = f.time < 0 ? reached : (f.time - video.start) / video.timescale;
    f.duration /= video.timescale;
    reached = Math.max(reached, f.time + f.duration);
  }
  return fragments;
}

// FFmpeg starts every track of a fragmented file at 0 by stretching its first sample; the part
// beyond the usual sample duration is time before the sample really starts (its lead-in).
function setStart(track: TrackInfo, baseTime: number, durations: number[]): void {
  const usual = mostCommon(durations.length > 1 ? durations.slice(1) : durations);
  track.leadIn = track.kind === 'audio' ? Math.max(0, durations[0]! - usual) : 0;
  track.start = baseTime + track.leadIn;
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

