// Where a local recording goes on the remote: the camera's name, then its path under the camera's
// output_dir ("<camera>/merged/YYYYMMDD_HHMM.mp4", "<camera>/segments/YYYYMMDD_HHMMSS.mp4"), so the
// remote mirrors the local layout. Pure.
import path from 'node:path';
import { minuteStamp, parseMergedName, parseSegmentName } from '../recorder/naming.js';

export type RemoteKind = 'merged' | 'segments';

// The remote path of a local file; undefined for anything but a recording in merged/ or segments/
// (footage still being recorded, quarantine/, a user's file).
export function remotePathOf(camera: string, localFile: string): string | undefined {
  const name = path.basename(localFile);
  const folder = path.basename(path.dirname(localFile));
  if (folder === 'merged' && parseMergedName(name)) return `${camera}/merged/${name}`;
  if (folder === 'segments' && parseSegmentName(name)) return `${camera}/segments/${name}`;
  return undefined;
}

// Which folder of the remote layout a remote path is in.
export function remoteKind(remote: string): RemoteKind | undefined {
  const folder = remote.split('/').at(-2);
  return folder === 'merged' || folder === 'segments' ? folder : undefined;
}

// The minute a file's footage belongs to, by the merge's rule (src/merge/plan.ts): a segment by the
// instant of its first frame, a merged file by its name ("YYYYMMDD_HHMM[±HHMM]").
export function minuteOf(remote: string, start: number): string {
  const merged = remoteKind(remote) === 'merged' ? parseMergedName(path.posix.basename(remote)) : undefined;
  return merged ? merged.stem : minuteStamp(start);
}
