// GET /api/export?camera=&start=&end=&format=mp4|fmp4: one MP4 of the range, made by the export
// engine (src/export) as `export -o -` makes it, streamed to the response as an attachment: no
// temporary file, nothing written to the recordings. A client that goes away stops the export.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Camera } from '../config/schema.js';
import { CamsError, EXIT } from '../errors.js';
import { EXPORT_FORMATS, runExport, type ExportFormat } from '../export/run-export.js';
import { localStamp } from '../time/local-time.js';
import { queryCamera, queryRange } from './query.js';
import { HttpError, type Handler, type WebContext } from './route.js';
import { createSlots, type Slots } from './slots.js';

export const MAX_EXPORT_MS = 24 * 3_600_000;
export const MAX_EXPORTS = 2; // exports running at once across the server; another one is 503
const EXPORT_RETRY_S = 10;

// The handler, with `slots` shared by every request it answers.
export function exportHandler(slots: Slots = createSlots(MAX_EXPORTS)): Handler {
  return async (req, res, ctx, url) => {
    const camera = queryCamera(ctx, url);
    const { start, end } = queryRange(ctx, url, MAX_EXPORT_MS);
    const format = queryFormat(url);
    if (req.method === 'HEAD') return void exportHeaders(res, camera.name, start, end).end(); // the headers only: a HEAD does not make the file
    const release = slots.take();
    if (!release) throw new HttpError(503, `${MAX_EXPORTS} exports are running already: try again when one has finished`, { 'Retry-After': String(EXPORT_RETRY_S) });
    try {
      await streamExport(req, exportHeaders(res, camera.name, start, end), ctx, { camera, start, end, format });
    } finally {
      release();
    }
  };
}

export const serveExport = exportHandler();

function exportHeaders(res: ServerResponse, camera: string, start: number, end: number): ServerResponse {
  res.setHeader('Content-Type', 'video/mp4');
  res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(camera, start, end)}"`);
  res.setHeader('Cache-Control', 'no-store');
  return res;
}

async function streamExport(req: IncomingMessage, res: ServerResponse, ctx: WebContext, { camera, start, end, format }: ExportRequest): Promise<void> {
  const stop = new AbortController();
  const goneAway = () => stop.abort(new CamsError('the client went away', { code: 'E_INTERRUPTED', exitCode: EXIT.FAILURE }));
  if (req.socket.destroyed) goneAway();
  else res.on('close', () => res.writableFinished || goneAway());
  try {
    const [file] = await runExport({ camera, from: start, to: end, output: res, format, split: false, force: false, signal: stop.signal });
    ctx.log.info(`web: exported ${camera.name} ${new Date(file!.start).toISOString()} to ${new Date(file!.end).toISOString()}, ${file!.bytes} bytes`);
    res.end();
  } catch (error) {
    if (stop.signal.aborted) return void ctx.log.info(`web: export of ${camera.name} stopped: the client went away`);
    if (!res.headersSent) for (const h of ['Content-Type', 'Content-Disposition']) res.removeHeader(h);
    throw asHttpError(error);
  }
}

interface ExportRequest {
  camera: Camera;
  start: number;
  end: number;
  format: ExportFormat;
}

// "cam1_20261130_143000_144000.mp4": the camera, the local start, the local end (with its date
// when the range ends on another day).
export function exportFileName(camera: string, start: number, end: number): string {
  const [from, to] = [localStamp(start), localStamp(end)];
  return `${camera}_${from}_${from.slice(0, 8) === to.slice(0, 8) ? to.slice(9) : to}.mp4`;
}

function queryFormat(url: URL): ExportFormat {
  const text = url.searchParams.get('format') ?? 'mp4';
  const format = EXPORT_FORMATS.find((f) => f === text);
  if (!format) throw new HttpError(400, `format ${JSON.stringify(text)} is not a format: use mp4 or fmp4`);
  return format;
}

// The export engine's refusals a client can act on; anything else stays a 500 (its message may
// name folders of the server).
function asHttpError(error: unknown): unknown {
  if (!(error instanceof CamsError)) return error;
  if (error.code === 'E_NO_FOOTAGE') return new HttpError(404, error.message);
  if (error.code === 'E_FORMATS') return new HttpError(409, 'the range holds footage of more than one format (the camera\'s resolution or codec changed): export the parts on either side of the change');
  return error;
}
