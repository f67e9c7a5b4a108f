// Which recording a /files/<camera>/<merged|segments|recording>/<name> URL names. Pure: the shape of
// the path and the recorder's naming rule decide; anything else (dot segments, encoded slashes,
// other folders, other names) names nothing.
import { parseMergedName, parseSegmentName } from '../recorder/naming.js';

export const FILE_KINDS = ['merged', 'segments', 'recording'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileRequest {
  camera: string;
  kind: FileKind;
  name: string;
}

// The camera, folder kind and file name of a URL path under /files/; undefined when it names no recording.
export function parseFilePath(pathname: string): FileRequest | undefined {
  const parts = pathname.split('/');
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'files') return undefined;
  const [camera, kind, name] = parts.slice(2).map(decodeSegment);
  if (camera === undefined || kind === undefined || name === undefined) return undefined;
  const known = FILE_KINDS.find((k) => k === kind);
  if (!known || !isRecordingName(known, name)) return undefined;
  return { camera, kind: known, name };
}

// A merged file is named YYYYMMDD_HHMM[±HHMM][_N].mp4; a segment, recorded or being recorded, YYYYMMDD_HHMMSS[…].mp4.
export function isRecordingName(kind: FileKind, name: string): boolean {
  return (kind === 'merged' ? parseMergedName(name) : parseSegmentName(name)) !== undefined;
}

// One path segment, percent-decoded; undefined when it is malformed or decodes to a slash, a
// backslash, a NUL or a dot segment.
function decodeSegment(segment: string): string | undefined {
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  if (text === '' || text === '.' || text === '..' || /[/\\\0]/.test(text)) return undefined;
  return text;
}
