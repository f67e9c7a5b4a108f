// `/` and `/static/<name>`: the page and its files from dist/web/page/ (put there by the build),
// by a fixed list of names; each read once and kept in memory, sent with an ETag and revalidated
// on every load (no-cache), so a new version is seen at once and an unchanged one costs a 304.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEX, PAGE_FILES, type PageFile } from './page-files.js';
import { notFound, type Handler } from './route.js';

export const STATIC_PREFIX = '/static/';

// What the page may load: only this server (no CDN, no inline script); blob: for hls.js's media source.
export const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const DEFAULT_DIR = fileURLToPath(new URL('./page/', import.meta.url));

// The handler over the page files in dir (dist/web/page/ by default).
export function pageHandler(dir = DEFAULT_DIR): Handler {
  const cache = new Map<string, Promise<{ body: Buffer; etag: string }>>();
  return async (req, res, _ctx, url) => {
    const file = pageFileOf(url.pathname);
    if (!file) throw notFound();
    if (!cache.has(file.name)) cache.set(file.name, read(dir, file));
    const { body, etag } = await cache.get(file.name)!.catch((error: unknown) => {
      cache.delete(file.name); // the build may put it there later
      throw error;
    });
    const headers = { 'Content-Type': file.type, ETag: etag, 'Cache-Control': 'no-cache', ...(file.name === INDEX ? { 'Content-Security-Policy': PAGE_POLICY } : {}) };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': body.length }).end(body);
  };
}

export const servePage = pageHandler();

// "/" is the page; "/static/<name>" one of the other files; anything else is none.
export function pageFileOf(pathname: string): PageFile | undefined {
  if (pathname === '/') return PAGE_FILES.find((f) => f.name === INDEX);
  if (!pathname.startsWith(STATIC_PREFIX)) return undefined;
  const name = pathname.slice(STATIC_PREFIX.length);
  return PAGE_FILES.find((f) => f.name === name && f.name !== INDEX);
}

async function read(dir: string, file: PageFile): Promise<{ body: Buffer; etag: string }> {
  const at = path.join(dir, file.name);
  const body = await readFile(at).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`the page's file ${at} cannot be read (${error.code ?? error.message}): run npm run build`);
  });
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
