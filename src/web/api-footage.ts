// GET /api/footage?camera=&start=&end=: the runs of footage and the gaps between them, from the
// footage catalogue, as `cams-manager footage` sees them (times in ms, with _iso twins).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildCatalogue, type Catalogue } from '../footage/catalogue.js';
import { listFootage } from '../footage/read-files.js';
import type { Untimed } from '../footage/report.js';
import { queryCamera, queryRange } from './query.js';
import { sendJson, type WebContext } from './route.js';

export const MAX_FOOTAGE_RANGE_MS = 32 * 86_400_000;

export async function serveFootage(_req: IncomingMessage, res: ServerResponse, ctx: WebContext, url: URL): Promise<void> {
  const camera = queryCamera(ctx, url);
  const { start, end } = queryRange(ctx, url, MAX_FOOTAGE_RANGE_MS);
  const { files, untimed } = await listFootage(camera.output_dir, start, end);
  sendJson(res, 200, footageAnswer(camera.name, buildCatalogue(files, start, end), untimed));
}

const ms = Math.round; // the catalogue's times hold fractions of a ms (frame durations)
const iso = (t: number): string => new Date(ms(t)).toISOString();

// The answer of /api/footage: no file paths (they name folders of the server), only times and sizes.
export function footageAnswer(camera: string, c: Catalogue, untimed: Untimed) {
  return {
    camera,
    start: ms(c.from),
    start_iso: iso(c.from),
    end: ms(c.to),
    end_iso: iso(c.to),
    runs: c.runs.map((r) => ({ start: ms(r.start), start_iso: iso(r.start), end: ms(r.end), end_iso: iso(r.end), format: r.format ?? null, bytes: r.bytes })),
    gaps: c.gaps.map((g) => ({ start: ms(g.start), start_iso: iso(g.start), end: ms(g.end), end_iso: iso(g.end) })),
    covered: ms(c.covered),
    bytes: c.bytes,
    untimed,
  };
}
