// What the playback routes ask of a camera's footage: the files of a range as the catalogue sees
// them (each once, in time order), with their fragment tables or their activity.
import type { Camera } from '../config/schema.js';
import { buildCatalogue, type FootageFile } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import { activityOf, ACTIVITY_STEP_MS } from '../mp4/fragment-activity.js';
import { bytesPerSecond, type ActivitySource } from './activity.js';
import { unpackFragments, type FragmentTables, type TableFragment } from './fragment-table.js';
import { buildPlaylist, fileUrl } from './playlist.js';

// The playlist of [start, end); undefined when there is no playable footage in it.
export async function footagePlaylist(camera: Pick<Camera, 'name' | 'output_dir'>, start: number, end: number, tables: FragmentTables): Promise<string | undefined> {
  const listed = await footageFiles(camera, start, end);
  // Read a few at a time: the disk (or the thread pool) serves reads of several files at once.
  const read = await mapConcurrently(listed, READS_AT_ONCE, (file) => tables.read(file).catch(() => undefined)); // merged or cleaned since it was listed: left out
  const files = listed.flatMap((file, i) => (read[i] ? [{ url: fileUrl(camera.name, file), start: file.start, table: read[i] }] : []));
  return buildPlaylist(files, start, end);
}

const READS_AT_ONCE = 4; // libuv's thread pool

// Calls `body` on each item with at most `limit` calls pending; the results in the items' order.
async function mapConcurrently<T, R>(items: readonly T[], limit: number, body: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await body(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// Bytes per second of each `step` ms of [start, end): merged files by their index line, other
// files (the last minutes, and merged files of older versions) by their fragment tables.
export async function footageActivity(camera: Pick<Camera, 'output_dir'>, start: number, end: number, step: number, tables: FragmentTables): Promise<Array<number | null>> {
  const sources: ActivitySource[] = [];
  for (const file of await footageFiles(camera, start, end)) {
    const activity = file.activity ?? (await tables.read(file).then((t) => (t.fragments.length > 0 ? activityOf(unpackFragments(t.fragments).map(asSpan)) : evenly(file)), () => undefined));
    if (activity) sources.push({ start: file.start, end: file.end, activity });
  }
  return bytesPerSecond(sources, start, end, step);
}

const asSpan = (f: TableFragment) => ({ size: f.length, mdatSize: 0, time: f.time, duration: f.duration });

async function footageFiles(camera: Pick<Camera, 'output_dir'>, start: number, end: number): Promise<FootageFile[]> {
  const { files } = await listFootage(camera.output_dir, start, end);
  return buildCatalogue(files, start, end).runs.flatMap((r) => r.files).sort((a, b) => a.start - b.start);
}

// A file without fragments (a regular MP4 of the original tool): its bytes spread evenly.
function evenly(file: FootageFile): number[] {
  const steps = Math.ceil((file.end - file.start) / ACTIVITY_STEP_MS);
  return Array.from({ length: steps }, (_, i) => Math.round((file.bytes * (Math.min(file.end, file.start + (i + 1) * ACTIVITY_STEP_MS) - file.start - i * ACTIVITY_STEP_MS)) / (file.end - file.start)));
}
