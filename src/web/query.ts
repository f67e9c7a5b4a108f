// Query parameters of the web API, read and checked in one place: a camera of the config, times as
// ms since the epoch or ISO 8601, ranges. Every bad value is a 400 (or a 404 for a camera) naming it.
import type { Camera } from '../config/schema.js';
import { CamsError } from '../errors.js';
import { parseTimeExpression } from '../time/parse-time.js';
import { HttpError, type WebContext } from './route.js';

const MS = /^\d{1,15}(\.\d{1,6})?$/;

// The camera named by ?camera=, from the config only.
export function queryCamera(ctx: WebContext, url: URL): Camera {
  const name = required(url, 'camera');
  return cameraNamed(ctx, name);
}

// The camera of the config with this name; 404 {"error":"no camera named \"x\""} otherwise.
export function cameraNamed(ctx: WebContext, name: string): Camera {
  const camera = ctx.config.cameras.find((c) => c.name === name);
  if (!camera) throw new HttpError(404, `no camera named ${JSON.stringify(name)}`);
  return camera;
}

// ?start=&end= as instants (ms), end after start; `maxMs` bounds the length of the range.
export function queryRange(ctx: WebContext, url: URL, maxMs?: number): { start: number; end: number } {
  const start = queryTime(ctx, url, 'start');
  const end = queryTime(ctx, url, 'end');
  if (end <= start) throw new HttpError(400, `end (${url.searchParams.get('end')}) is not after start (${url.searchParams.get('start')})`);
  if (maxMs !== undefined && end - start > maxMs) throw new HttpError(400, `the range from start to end is longer than ${Math.round(maxMs / 3_600_000)} h`);
  return { start, end };
}

// A time parameter: ms since the epoch ("1764511200000", a fraction allowed) or ISO 8601 ("2026-11-30T14:00:00Z", or
// with an offset; without one it is the server's local time).
export function queryTime(ctx: WebContext, url: URL, name: string): number {
  const text = required(url, name);
  if (MS.test(text)) return Number(text);
  try {
    return parseTimeExpression(text, ctx.now());
  } catch (error) {
    if (error instanceof CamsError) throw new HttpError(400, `${name}: cannot read the time ${JSON.stringify(text)}: use ms since the epoch or ISO 8601 (2026-11-30T14:00:00Z)`);
    throw error;
  }
}

// A parameter that must be there and appear once.
export function required(url: URL, name: string): string {
  const values = url.searchParams.getAll(name);
  if (values.length === 0 || values[0] === '') throw new HttpError(400, `missing query parameter "${name}"`);
  if (values.length > 1) throw new HttpError(400, `query parameter "${name}" given ${values.length} times`);
  return values[0]!;
}
