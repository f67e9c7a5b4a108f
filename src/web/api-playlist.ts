// GET /api/playlist.m3u8?camera=&start=&end=: an HLS VOD playlist of the camera's footage in the
// range, over its files by byte ranges (playlist.ts); 404 when the range has no playable footage.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { footagePlaylist } from './footage-media.js';
import { FRAGMENT_TABLES } from './fragment-table.js';
import { queryCamera, queryRange } from './query.js';
import { HttpError, type WebContext } from './route.js';

// A day: 1440 minute files, ~86 000 fragments of a second (an 8 MB playlist).
export const MAX_PLAYLIST_RANGE_MS = 86_400_000;

export async function servePlaylist(_req: IncomingMessage, res: ServerResponse, ctx: WebContext, url: URL): Promise<void> {
  const camera = queryCamera(ctx, url);
  const { start, end } = queryRange(ctx, url, MAX_PLAYLIST_RANGE_MS);
  const text = await footagePlaylist(camera, start, end, FRAGMENT_TABLES);
  if (text === undefined) throw new HttpError(404, `no footage of camera ${JSON.stringify(camera.name)} between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}`);
  // Not cached: footage still being recorded, merged or cleaned changes the answer.
  res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
