// The HLS playlist of a camera's footage between two instants (pure): a VOD playlist over the
// footage files as they are, by byte ranges (RFC 8216 §4.3.2.2 EXT-X-BYTERANGE, §4.3.2.5
// EXT-X-MAP), so nothing is copied or transcoded. Each file is a discontinuity of its own (its
// timestamps start anew) with its init part (ftyp + moov) as its map and its true start as a
// program date-time; each movie fragment (moof + mdat, a keyframe first) is a media segment.
// Fragments are taken whole: the first and last may reach a little outside the range.
import path from 'node:path';
import type { FootageFile } from '../footage/catalogue.js';
import { unpackFragments, type FragmentTable } from './fragment-table.js';

export interface PlaylistFile {
  url: string; // from the server's root, see fileUrl
  start: number; // ms, UTC: the file's first frame
  table: FragmentTable;
}

// The playlist's text; undefined when no fragment of a playable file overlaps [start, end).
export function buildPlaylist(files: readonly PlaylistFile[], start: number, end: number): string | undefined {
  const parts = files.flatMap((file) => {
    const segments = file.table.initSize === undefined ? [] : segmentsOf(file.table).filter((s) => file.start + s.time * 1000 < end && file.start + (s.time + s.duration) * 1000 > start);
    return segments.length > 0 ? [{ file, segments }] : [];
  });
  if (parts.length === 0) return undefined;
  const longest = parts.reduce((m, p) => p.segments.reduce((n, s) => Math.max(n, Number(s.duration.toFixed(3))), m), 0); // a day has 86 400: no spread
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(longest))}`, '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const [i, { file, segments }] of parts.entries()) {
    if (i > 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-MAP:URI="${file.url}",BYTERANGE="${file.table.initSize}@0"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(file.start + segments[0]!.time * 1000).toISOString()}`);
    for (const s of segments) lines.push(`#EXTINF:${s.duration.toFixed(3)},`, `#EXT-X-BYTERANGE:${s.length}@${s.offset}`, file.url);
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

interface Segment {
  offset: number;
  length: number;
  time: number; // s from the file's first frame
  duration: number; // s of video
}

// The media segments of a file: its fragments, a fragment without video (audio beyond the last
// frame) joined to the one before it when they follow each other in the file.
function segmentsOf(table: FragmentTable): Segment[] {
  const segments: Segment[] = [];
  for (const f of unpackFragments(table.fragments)) {
    const last = segments.at(-1);
    if (f.duration === 0 && last && last.offset + last.length === f.offset) last.length += f.length;
    else segments.push(f);
  }
  return segments;
}

const FOLDERS: Record<FootageFile['kind'], string> = { merged: 'merged', segment: 'segments', recording: 'recording' };

// The URL the server gives a footage file by (`/files/<camera>/<merged|segments|recording>/<name>`).
export function fileUrl(camera: string, file: Pick<FootageFile, 'path' | 'kind'>): string {
  return `/files/${encodeURIComponent(camera)}/${FOLDERS[file.kind]}/${encodeURIComponent(path.basename(file.path))}`;
}
