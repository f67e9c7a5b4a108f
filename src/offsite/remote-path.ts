// Where a local recording goes on the remote: the camera's name, then its path under the camera's
// output_dir ("<camera>/merged/YYYYMMDD_HHMM.mp4", "<camera>/segments/YYYYMMDD_HHMMSS.mp4"), so the
// remote mirrors the local layout. Pure.
import path from 'node:path';
import { MERGED_NAME, minuteStamp, SEGMENT_NAME } from '../recorder/naming.js';

export type RemoteKind = 'merged' | 'segments';

// The remote path of a local file; undefined for anything but a recording's name (by the naming
// rule's pattern: the catalogue and the clean have parsed it already) in merged/ or segments/
// (footage still being recorded, quarantine/, a user's file).
export function remotePathOf(camera: string, localFile: string): string | undefined {
  const name = path.basename(localFile);
  const folder = path.basename(path.dirname(localFile));
  if (folder === 'merged' && MERGED_NAME.test(name)) return `${camera}/merged/${name}`;
  if (folder === 'segments' && SEGMENT_NAME.test(name)) return `${camera}/segments/${name}`;
  return undefined;
}

// Which folder of the remote layout a remote path is in (the plan asks it of every entry: no split).
export function remoteKind(remote: string): RemoteKind | undefined {
  const end = remote.lastIndexOf('/');
  const folder = remote.slice(remote.lastIndexOf('/', end - 1) + 1, end);
  return folder === 'merged' || folder === 'segments' ? folder : undefined;
}

// The minute a file's footage belongs to, by the merge's rule (src/merge/plan.ts): a segment by the
// instant of its first frame, a merged file by its name ("YYYYMMDD_HHMM[±HHMM]").
export function minuteOf(remote: string, start: number): string {
  const stem = remoteKind(remote) === 'merged' ? MERGED_NAME.exec(remote.slice(remote.lastIndexOf('/') + 1))?.[1] : undefined;
  return stem ?? minuteStamp(start);
}
