// GET /api/cameras: the facts of `cams-manager status` for every camera, with the newest footage's
// time, format and codec. Nothing that names a folder, a unit's details or a camera's URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Camera } from '../config/schema.js';
import { listFootage } from '../footage/read-files.js';
import type { CameraReport, StatusDocument } from '../status/report.js';
import { unitsOfUser } from './collect-metrics.js';
import { sendJson, type WebContext } from './route.js';
import { sharedStatus } from './shared-status.js';

const NEWEST_WINDOW_MS = 5 * 60_000; // the newest file is looked for this long before the newest name's end

export async function serveCameras(_req: IncomingMessage, res: ServerResponse, ctx: WebContext): Promise<void> {
  const now = ctx.now();
  const { doc } = await sharedStatus(ctx.config, { now: new Date(now), user: unitsOfUser(process.env) });
  const newest = await Promise.all(ctx.config.cameras.map((c, i) => newestFootage(c, doc.cameras[i]!, now)));
  sendJson(res, 200, camerasAnswer(doc, newest));
}

export interface NewestFootage {
  end: number | null; // ms
  format: string | null; // "h264 1920x1080 + aac"
}

// The answer: per camera the status facts plus newest_footage, format and codec; per disk its
// cameras and space (not its path).
export function camerasAnswer(doc: StatusDocument, newest: readonly NewestFootage[]) {
  return {
    generated_at: Date.parse(doc.generated_at),
    generated_at_iso: doc.generated_at,
    cameras: doc.cameras.map((c, i) => ({
      name: c.name,
      recording: c.recording,
      recorder_state: c.recorder_state,
      state_since: c.state_since,
      last_segment_age_s: c.last_segment_age_s,
      coverage_today: c.coverage_today,
      gaps_today: c.gaps_today,
      bytes: c.bytes,
      oldest_recording: c.oldest_recording,
      reason: c.reason === null ? null : c.reason.replace(/rtsps?:\/\/\S+/gi, '(the camera\'s URL)'),
      newest_footage: newest[i]?.end == null ? null : Math.round(newest[i]!.end!),
      newest_footage_iso: newest[i]?.end == null ? null : new Date(newest[i]!.end!).toISOString(),
      format: newest[i]?.format ?? null,
      codec: codecOf(newest[i]?.format ?? null),
    })),
    disks: doc.disks.map((d) => ({ cameras: d.cameras, free_bytes: d.free_bytes, total_bytes: d.total_bytes })),
  };
}

// "h264", "hevc", … of a format description; null when not known.
export function codecOf(format: string | null): string | null {
  const video = format?.split(' ')[0];
  if (!video || video === 'no') return null;
  return video === 'h265' ? 'hevc' : video;
}

// The end and format of the newest file, found through the catalogue near the newest name's end.
async function newestFootage(camera: Camera, report: CameraReport, now: number): Promise<NewestFootage> {
  if (report.last_segment_age_s === null) return { end: null, format: null };
  const approx = now - report.last_segment_age_s * 1000;
  const { files } = await listFootage(camera.output_dir, approx - NEWEST_WINDOW_MS, now + 60_000);
  const file = files.reduce<(typeof files)[number] | undefined>((a, f) => (!a || f.end > a.end ? f : a), undefined);
  return file ? { end: file.end, format: file.format ?? null } : { end: approx, format: null };
}
