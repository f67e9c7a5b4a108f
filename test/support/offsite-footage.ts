// Footage and configs for the off-site uploader's tests and bench: cameras whose output_dir holds
// segments cut from one shared encode (FFmpeg, the recorder's fragmented layout), a config with
// `offsite:` on an rclone remote, and what the uploader left: the `put` events of a camera's state
// and the files under the remote's folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSegments, type SegmentSpec } from './segments.js';

export interface OffsiteSettings {
  remote: string; // "nas:/tmp/…/root/cams"
  rcloneConfig: string;
  retentionDays?: number;
  bwlimit?: string;
  maxLag?: string;
  extra?: string[]; // more YAML lines at the top level (notify:…)
}

// config.yaml in dir for these cameras (output_dir dir/<name>), with the offsite section.
export function writeOffsiteConfig(dir: string, cameras: string[], offsite: OffsiteSettings): string {
  const lines = ['cameras:'];
  for (const name of cameras) lines.push(`  - name: ${name}`, `    rtsp_url: rtsp://127.0.0.1:8554/${name}`, `    output_dir: ${path.join(dir, name)}`);
  lines.push('offsite:', `  remote: "${offsite.remote}"`, `  rclone_config: ${offsite.rcloneConfig}`);
  if (offsite.retentionDays !== undefined) lines.push(`  retention_days: ${offsite.retentionDays}`);
  if (offsite.bwlimit) lines.push(`  bwlimit: "${offsite.bwlimit}"`);
  if (offsite.maxLag) lines.push(`  max_lag: ${offsite.maxLag}`);
  lines.push(...(offsite.extra ?? []));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// Cuts `seconds` of the shared encode into 2 s segments named from `start`, and moves them into the
// camera's segments/ one by one, as the recorder admits them (a rename into the folder).
export async function addSegments(outputDir: string, spec: SegmentSpec): Promise<string[]> {
  const work = path.join(outputDir, '.make');
  const names = await makeSegments(work, spec);
  const segments = path.join(outputDir, 'segments');
  mkdirSync(segments, { recursive: true });
  for (const name of names) renameSync(path.join(work, name), path.join(segments, name));
  return names.map((n) => path.join(segments, n));
}

export interface PutEvent {
  path: string;
  size: number;
  hash?: string;
  start: number;
  at: number;
}

// The events of a camera's off-site state log, of one op, in the order written.
export function stateEvents<T = PutEvent>(outputDir: string, op: string): T[] {
  const file = path.join(outputDir, '.offsite', 'state.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T & { op: string }).filter((e) => e.op === op);
}

// Every file under dir, as paths relative to it (sorted).
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else found.push(rel);
    }
  };
  walk('');
  return found.sort();
}

export function md5(file: string): string {
  return createHash('md5').update(readFileSync(file)).digest('hex');
}

export function totalBytes(files: string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}
