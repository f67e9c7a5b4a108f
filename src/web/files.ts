// GET /files/<camera>/<merged|segments|recording>/<name>: a recording, through `send` (Range,
// ETag, If-None-Match / If-Modified-Since), for players. `recording` is a segment still in the
// recorder's staging folder (.staging/<run>/<name>). A path that names no recording of a camera
// of the config, or whose real path (symlinks resolved) leaves the camera's output_dir, is 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { cameraDirs } from '../recorder/files.js';
import { parseFilePath, type FileRequest } from './file-path.js';
import { cameraNamed } from './query.js';
import { HttpError, notFound, type WebContext } from './route.js';

export async function serveFile(req: IncomingMessage, res: ServerResponse, ctx: WebContext, url: URL): Promise<void> {
  const request = parseFilePath(url.pathname);
  if (!request) throw notFound();
  const camera = cameraNamed(ctx, request.camera);
  const file = await locate(camera.output_dir, request);
  if (!file) throw notFound();
  await sendFile(req, res, file);
}

// The real path of the file, when it is a regular file inside output_dir.
async function locate(outputDir: string, { kind, name }: FileRequest): Promise<string | undefined> {
  const dirs = cameraDirs(outputDir);
  const candidates = kind === 'merged' ? [path.join(dirs.merged, name)] : kind === 'segments' ? [path.join(dirs.segments, name)] : await inStaging(dirs.staging, name);
  const root = await realpath(outputDir).catch(() => undefined);
  if (!root) return undefined;
  for (const candidate of candidates) {
    const real = await realpath(candidate).catch(() => undefined);
    if (!real || !real.startsWith(root + path.sep)) continue;
    if ((await stat(real).catch(() => undefined))?.isFile()) return real;
  }
  return undefined;
}

// .staging/<run>/<name> of every run, the newest run first (run folders are named by their start).
async function inStaging(staging: string, name: string): Promise<string[]> {
  const runs = await readdir(staging).catch(() => [] as string[]);
  return runs.filter((r) => !r.startsWith('.')).sort().reverse().map((run) => path.join(staging, run, name));
}

// Streams the file with `send` (imported on first use: it costs ~30 ms that a request for JSON need not pay).
async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const { default: send } = await import('send');
  res.setHeader('Cache-Control', 'private, no-cache'); // revalidated by ETag: a file being recorded grows
  await new Promise<void>((resolve, reject) => {
    // send percent-decodes the path it is given: only the name, encoded, with the folder as root,
    // so a "%" in the folders or the name is never decoded into another file.
    const stream = send(req, encodeURIComponent(path.basename(file)), { root: path.dirname(file), dotfiles: 'allow', index: false, etag: true, lastModified: true, acceptRanges: true, cacheControl: false });
    stream.on('error', (error: { status?: number }) => reject(error.status === 404 || error.status === undefined ? notFound() : new HttpError(error.status, statusText(error.status))));
    stream.on('end', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

function statusText(status: number): string {
  return status === 416 ? 'the range is not within the file' : status === 412 ? 'precondition failed' : `cannot send the file (${status})`;
}
