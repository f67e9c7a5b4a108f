// Lists a camera's recordings for the clean plan: only regular files named by the naming rule,
// directly in segments/, merged/ and quarantine/, never through a symlink.
import { lstat, readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { isDue } from '../merge/plan.js';
import { cameraDirs } from '../recorder/files.js';
import { minuteOf, parseMergedName, parseSegmentName, type SegmentName } from '../recorder/naming.js';
import type { Disk, Recording } from './plan.js';

export interface ScanOptions {
  camera: string;
  outputDir: string;
  now: Date;
  mergeDelay: number;
  locked: boolean; // another job holds the camera: all its files count, none may go
}

// The camera's recordings and the disk they are on (undefined when output_dir does not exist).
export async function scanCamera(options: ScanOptions): Promise<{ recordings: Recording[]; disk: Disk | undefined }> {
  const dirs = cameraDirs(options.outputDir);
  const root = await stat(options.outputDir).catch(() => undefined); // output_dir itself may be a link the admin made
  if (!root) return { recordings: [], disk: undefined };
  const recordings = [
    ...(await listRecordings(dirs.segments, 'segment', options)),
    ...(await listRecordings(dirs.merged, 'merged', options)),
    ...(await listRecordings(dirs.quarantine, 'quarantine', options)),
  ];
  const fs = await statfs(options.outputDir);
  const disk = { device: root.dev, free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize };
  return { recordings: recordings.map((r) => ({ ...r, device: root.dev })), disk };
}

type Kind = 'segment' | 'merged' | 'quarantine';

async function listRecordings(dir: string, kind: Kind, options: ScanOptions): Promise<Recording[]> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return []; // missing, or a symlink: never followed
  const recordings: Recording[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue; // symlinks, folders, sockets stay
    const parsed = parseName(entry.name, kind);
    if (!parsed) continue; // not a recording: a user's file stays
    const file = path.join(dir, entry.name);
    const found = await lstat(file).catch(() => undefined);
    if (!found?.isFile()) continue;
    const pending = options.locked || (kind === 'segment' && !isDue(minuteOf(parsed), options));
    recordings.push({ camera: options.camera, file, time: parsed.start, bytes: found.size, device: found.dev, pending });
  }
  return recordings;
}

// quarantine/ holds segments and merged files the checks refused, under their own names
// (name_N, name_N_M when taken): each goes by the time in its name, like the footage it was.
function parseName(name: string, kind: Kind): SegmentName | undefined {
  if (kind === 'segment') return parseSegmentName(name);
  if (kind === 'merged') return parseMergedName(name);
  // Any "_N" suffixes (a name taken twice) count for nothing: the time is the name's first part.
  const stem = /^\d{8}_(?:\d{6}|\d{4})(?:[+-]\d{4})?/.exec(name)?.[0];
  return stem && name.endsWith('.mp4') ? (parseSegmentName(`${stem}.mp4`) ?? parseMergedName(`${stem}.mp4`)) : undefined;
}
