// The clean plan, a pure function: every camera's recordings + the disks' free space + now + the
// retention rules → the files to delete, oldest first, and why.
//
// - Past retention: a recording whose name says it started more than retention_days ago goes
//   (the name, not the mtime, which changes when files are copied).
// - Disk budget: while the recordings of all cameras pass retention.max_usage, or one camera's pass
//   max_usage_per_camera, or a disk has less free space than min_free, the oldest recording that
//   counts against a limit still passed goes, across cameras.
// - Never: segments of minutes the merge has not taken yet (younger than merge_delay), nor
//   anything that is not a recording by the naming rule (run.ts only lists those).
// - Off-site (optional input; without it, no interlock): with offsite.required, a recording that is
//   not off-site yet is not deleted for retention, max_usage or max_usage_per_camera (the plan says
//   which ones it kept); without it, local retention wins and the plan says which ones go before
//   they went off-site. A disk below min_free is the exception: the recorder must keep recording
//   (the newest footage is what goes off-site first), so once nothing off-site is left to delete
//   there, the oldest footage not off-site goes too, and the plan says so (`forced`).
import { freeSpaceNeeded, type FreeSpace } from '../config/size.js';

export interface Recording {
  camera: string;
  file: string; // full path
  time: Date; // from the name
  bytes: number;
  device: number; // filesystem it is on
  pending: boolean; // a segment the merge has yet to take: never deleted
}

export interface Disk {
  device: number;
  free: number; // bytes available
  total: number;
}

export interface CleanRules {
  retentionDays: number;
  maxUsage?: number;
  maxUsagePerCamera?: number;
  minFree?: FreeSpace;
}

export interface Deletion {
  recording: Recording;
  reason: 'retention' | 'budget';
}

export interface CleanPlan {
  deletions: Deletion[];
  unmet: string[]; // limits still passed once everything deletable is gone
  offsite?: {
    held: Recording[]; // offsite.required: would have gone, kept as they are not off-site yet
    lost: Recording[]; // not required: deleted before they went off-site
    forced: Recording[]; // required, yet deleted: their disk was below min_free with nothing else left
  };
}

// What the off-site uploader says of the recordings (src/offsite/coverage.ts, notOffsite).
export interface OffsiteInterlock {
  required: boolean; // offsite.required
  notOffsite: ReadonlySet<string>; // full paths of recordings whose footage is not off-site yet
}

export interface CleanInput {
  recordings: Recording[];
  disks: Disk[];
  rules: CleanRules;
  now: Date;
  offsite?: OffsiteInterlock;
}

export function planClean(input: CleanInput): CleanPlan {
  const plan = planLocal(input);
  const offsite = input.offsite;
  if (!offsite) return plan;
  const out = plan.deletions.filter((d) => offsite.notOffsite.has(d.recording.file)).map((d) => d.recording);
  if (!offsite.required || out.length === 0) return { ...plan, offsite: { held: [], lost: offsite.required ? [] : out, forced: [] } };
  // Required: those recordings are held back, but for a disk below min_free.
  const kept = planLocal(input, offsite.notOffsite);
  const forced = kept.deletions.filter((d) => offsite.notOffsite.has(d.recording.file)).map((d) => d.recording);
  return { ...kept, offsite: { held: out.filter((r) => !forced.includes(r)), lost: [], forced } };
}

// The plan by local retention and the disk budget; `held` recordings go only for a disk below
// min_free, oldest first, once nothing else there can go.
function planLocal(input: CleanInput, held: ReadonlySet<string> = new Set()): CleanPlan {
  const cutoff = input.now.getTime() - input.rules.retentionDays * 86_400_000;
  const candidates = input.recordings.filter((r) => !r.pending).sort((a, b) => a.time.getTime() - b.time.getTime() || a.file.localeCompare(b.file));
  const free = candidates.filter((r) => !held.has(r.file));
  const deletions: Deletion[] = free.filter((r) => r.time.getTime() < cutoff).map((recording) => ({ recording, reason: 'retention' }));
  const state = budgetState(input.recordings, input.disks, input.rules);
  for (const { recording } of deletions) state.remove(recording);
  const take = (recording: Recording) => {
    deletions.push({ recording, reason: 'budget' });
    state.remove(recording);
  };
  for (const recording of free) if (recording.time.getTime() >= cutoff && state.helps(recording)) take(recording);
  for (const recording of candidates) if (held.has(recording.file) && state.lowDisk(recording.device)) take(recording);
  return { deletions, unmet: state.unmet() };
}

// Usage per camera, in total and free space per disk, as files are taken away.
function budgetState(recordings: Recording[], disks: Disk[], rules: CleanRules) {
  const perCamera = new Map<string, number>();
  let total = 0;
  for (const r of recordings) {
    perCamera.set(r.camera, (perCamera.get(r.camera) ?? 0) + r.bytes);
    total += r.bytes;
  }
  const free = new Map(disks.map((d) => [d.device, d.free]));
  const needFree = new Map(disks.map((d) => [d.device, minFreeBytes(rules.minFree, d)]));
  const overTotal = () => rules.maxUsage !== undefined && total > rules.maxUsage;
  const overCamera = (camera: string) => rules.maxUsagePerCamera !== undefined && (perCamera.get(camera) ?? 0) > rules.maxUsagePerCamera;
  const lowDisk = (device: number) => (free.get(device) ?? Infinity) < (needFree.get(device) ?? 0);
  return {
    helps: (r: Recording) => overTotal() || overCamera(r.camera) || lowDisk(r.device),
    lowDisk,
    remove(r: Recording) {
      total -= r.bytes;
      perCamera.set(r.camera, (perCamera.get(r.camera) ?? 0) - r.bytes);
      free.set(r.device, (free.get(r.device) ?? 0) + r.bytes);
    },
    unmet(): string[] {
      const problems: string[] = [];
      if (overTotal()) problems.push(`recordings use ${total} bytes, more than retention.max_usage`);
      for (const camera of perCamera.keys()) if (overCamera(camera)) problems.push(`${camera}: recordings use more than retention.max_usage_per_camera`);
      for (const device of free.keys()) if (lowDisk(device)) problems.push(`a recordings disk has less free space than retention.min_free`);
      return problems;
    },
  };
}

function minFreeBytes(rule: FreeSpace | undefined, disk: Disk): number {
  return rule ? freeSpaceNeeded(rule, disk.total) : 0;
}
