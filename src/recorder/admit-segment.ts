// The gate into segments/: every file FFmpeg closed (or a crash left in staging) is checked by its
// structure before it enters. A whole file goes in; a torn one (cut inside a fragment: a crash, a
// full disk) goes in as its complete prefix while the torn original goes to quarantine/; a file
// that never got past its init boxes (ftyp, moov: no footage at all) is removed.
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { completeParts } from '../mp4/complete-prefix.js';
import { inspectMp4, type Mp4Info } from '../mp4/inspect.js';
import { moveNoClobber, type CameraDirs } from './files.js';

export type Admission =
  | { kind: 'whole'; file: string } // now in segments/
  | { kind: 'salvaged'; file: string; reason: string } // its prefix in segments/, the original in quarantine/
  | { kind: 'quarantined'; reason: string } // nothing playable could be kept apart: all of it in quarantine/
  | { kind: 'empty'; bytes: number }; // held no footage: removed

const SALVAGE_SUFFIX = '.salvage.mp4';

// The name a segment goes in under, from its video's length and frame count (undefined when
// torn: unknown); undefined keeps its own name.
export type NameFor = (video: VideoLength | undefined) => string | undefined;
export interface VideoLength {
  seconds: number;
  frames: number;
}

// Admits `full` into segments/ under the name nameFor gives (by default its own; name_N when
// taken); never overwrites.
export async function admitSegment(dirs: CameraDirs, full: string, nameFor?: NameFor): Promise<Admission> {
  const info = await inspectMp4(full).then((i) => i, (error: Error) => error);
  const name = (video: VideoLength | undefined) => nameFor?.(video) ?? path.basename(full);
  if (!(info instanceof Error)) return { kind: 'whole', file: await moveNoClobber(full, dirs.segments, name(videoLength(info))) };
  const problem = info.message;
  const parts = await completeParts(full);
  if (parts.initOnly) {
    const { size } = await stat(full);
    await unlink(full);
    return { kind: 'empty', bytes: size };
  }
  const salvaged = parts.fragments > 0 ? await salvagePrefix(full, parts.length) : { why: 'it has no complete fragment' };
  // The original goes first: a crash between the two moves leaves the copy, which the next
  // salvage admits under the original's name (salvageStaging), rather than footage twice.
  await moveNoClobber(full, dirs.quarantine);
  if (typeof salvaged !== 'string') return { kind: 'quarantined', reason: `${problem}; ${salvaged.why}` };
  const file = await moveNoClobber(salvaged, dirs.segments, name(undefined));
  return { kind: 'salvaged', file, reason: problem };
}

function videoLength(info: Mp4Info): VideoLength {
  return { seconds: info.videoDuration, frames: info.tracks.find((t) => t.kind === 'video')?.samples ?? 0 };
}

// A salvage copy whose original already went to quarantine/ (a crash between the two moves):
// it is the complete part, checked when it was made; it goes to segments/ under the original's name.
async function adoptSalvageCopy(dirs: CameraDirs, copy: string): Promise<{ name: string; admission: Admission }> {
  const name = path.basename(copy).slice(0, -SALVAGE_SUFFIX.length);
  const file = await moveNoClobber(copy, dirs.segments, name);
  return { name, admission: { kind: 'salvaged', file, reason: 'was torn (its salvage was interrupted, and is now finished)' } };
}

// Copies the whole prefix (only those bytes: the disk may be nearly full) beside the original and
// checks it; its path, or why it could not be kept.
async function salvagePrefix(full: string, length: number): Promise<string | { why: string }> {
  const salvaged = full + SALVAGE_SUFFIX;
  try {
    await pipeline(createReadStream(full, { end: length - 1 }), createWriteStream(salvaged, { flags: 'wx' }));
    await inspectMp4(salvaged);
    return salvaged;
  } catch (error) {
    await unlink(salvaged).catch(() => undefined); // our own failed copy, not footage
    const code = (error as NodeJS.ErrnoException).code;
    return { why: code === 'ENOSPC' ? 'the disk is full, so its readable part could not be copied out' : `its readable part does not read either (${(error as Error).message})` };
  }
}

// Admits every file left in staging (by a crash, a SIGKILL, or a finished run) through the gate
// of admit-segment.ts, in name order; removes emptied staging folders. Returns each file's fate.
export async function salvageStaging(dirs: CameraDirs, only?: string): Promise<Array<{ name: string; admission: Admission }>> {
  const results: Array<{ name: string; admission: Admission }> = [];
  const runs = only ? [only] : (await readdir(dirs.staging).catch(() => [])).map((r) => path.join(dirs.staging, r));
  for (const run of runs) {
    const files = (await readdir(run).catch(() => [])).sort();
    for (const name of files) {
      if (name.startsWith('.')) await unlink(path.join(run, name)).catch(() => undefined); // the run's anchor (run-anchor.ts): no footage
      else if (!name.endsWith(SALVAGE_SUFFIX)) results.push({ name, admission: await admitSegment(dirs, path.join(run, name)) });
      else if (!files.includes(name.slice(0, -SALVAGE_SUFFIX.length))) results.push(await adoptSalvageCopy(dirs, path.join(run, name)));
      else await unlink(path.join(run, name)); // its original is still here and is salvaged again
    }
    await rmdir(run).catch(() => undefined);
  }
  return results;
}

// One log line for an admission, or none for a whole file.
export function describeAdmission(name: string, admission: Admission): { level: 'warn' | 'info'; line: string } | undefined {
  switch (admission.kind) {
    case 'whole':
      return undefined;
    case 'salvaged':
      return { level: 'warn', line: `segment ${name} ${admission.reason}: its complete part went to segments/, the torn original to quarantine/` };
    case 'quarantined':
      return { level: 'warn', line: `segment ${name} ${admission.reason}: moved to quarantine/` };
    case 'empty':
      return { level: 'info', line: `segment ${name} held no footage (${admission.bytes} bytes): removed` };
  }
}
