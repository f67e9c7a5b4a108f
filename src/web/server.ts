// The web server: node:http with bounds (GET and HEAD only, URL and header size, timeouts), the
// route table, and errors as one line of JSON. Read-only: nothing here writes to the recordings.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseListenAddress } from '../net/listen-address.js';
import { serveActivity } from './api-activity.js';
import { serveCameras } from './api-cameras.js';
import { serveExport } from './api-export.js';
import { serveFootage } from './api-footage.js';
import { serveMetrics } from './api-metrics.js';
import { servePage } from './api-page.js';
import { servePlaylist } from './api-playlist.js';
import { createAuthenticator, type Authenticator } from './auth.js';
import { serveFile } from './files.js';
import { checkFetchSite, checkHost } from './request-checks.js';
import { HttpError, notFound, sendJson, type Handler, type Route, type WebContext } from './route.js';

// The routes, one line each: an exact path, or a prefix ending in "/" for every path under it.
export const ROUTES: Route[] = [
  { path: '/api/cameras', handler: serveCameras },
  { path: '/api/footage', handler: serveFootage },
  { path: '/api/playlist.m3u8', handler: servePlaylist },
  { path: '/api/activity', handler: serveActivity },
  { path: '/api/export', handler: serveExport },
  { path: '/files/', handler: serveFile },
  { path: '/metrics', handler: serveMetrics },
  { path: '/', handler: servePage }, // last: the page and /static/<name>; any other path is its 404
];

export const MAX_URL = 4096; // bytes of the request target; longer is 414
export const MAX_HEADER_BYTES = 16 * 1024; // all request headers together; larger is 431 (Node)
const HEADERS_TIMEOUT_MS = 10_000; // the headers must arrive within this
const REQUEST_TIMEOUT_MS = 30_000; // the whole request (we read no body) must arrive within this
const KEEP_ALIVE_MS = 5_000; // an idle kept-alive connection is closed after this
const CONNECTIONS_CHECK_MS = 5_000; // how often the two timeouts above are checked (Node's default: 30 s)
const MAX_CONNECTIONS = 128;
const METHODS = ['GET', 'HEAD'];
// On every answer: no sniffing of types, no Referer to other sites, never inside another site's frame.
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', `the request's headers are larger than ${MAX_HEADER_BYTES / 1024} KiB`],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
};

// An http.Server answering the route table over `ctx`; not yet listening.
export function createWebServer(ctx: WebContext, routes: readonly Route[] = ROUTES): http.Server {
  const { web } = ctx.config;
  const auth = createAuthenticator({ users: web.users, trustProxy: web.trust_proxy, log: ctx.log, now: ctx.now });
  // Nobody is asked for a password: only local names in Host (see request-checks.ts).
  const localOnly = Object.keys(web.users).length === 0 && !web.trust_proxy;
  const listenHost = parseListenAddress(web.listen)?.host ?? 'localhost';
  const guard: Guard = { auth, checkHost: localOnly ? (req) => checkHost(req.headers.host, listenHost) : () => undefined };
  const server = http.createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_MS, connectionsCheckingInterval: CONNECTIONS_CHECK_MS },
    (req, res) => void answer(req, res, ctx, routes, guard),
  );
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // With a listener, Node leaves the answer to us: 431 for headers over the bound, 408 for a
    // request that did not arrive in time, 400 for the rest; then the connection is closed.
    ctx.log.debug(`web: bad request from ${socket.remoteAddress ?? '?'}: ${error.code ?? error.message}`);
    if (!socket.writable || socket.writableEnded) return void socket.destroy();
    socket.end(rawError(CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'the request could not be read']));
  });
  return server;
}

// What a request passes before its route: the Host rule, then its credentials.
interface Guard {
  auth: Authenticator;
  checkHost(req: IncomingMessage): void;
}

async function answer(req: IncomingMessage, res: ServerResponse, ctx: WebContext, routes: readonly Route[], guard: Guard): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  try {
    const url = requestUrl(req);
    guard.checkHost(req);
    checkFetchSite(req.headers['sec-fetch-site'], url.pathname);
    await guard.auth.check(req);
    const handler = routeOf(routes, url.pathname);
    if (!handler) throw notFound();
    await handler(req, res, ctx, url);
  } catch (error) {
    fail(res, ctx, req, error);
  }
}

// The request's URL, checked: its length, its method, and a path that starts with "/".
function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '';
  if (Buffer.byteLength(target) > MAX_URL) throw new HttpError(414, `the URL is longer than ${MAX_URL} bytes`);
  if (!METHODS.includes(req.method ?? '')) throw new HttpError(405, `method ${req.method ?? '?'} is not allowed: this server is read-only (GET, HEAD)`, { Allow: METHODS.join(', ') });
  if (!target.startsWith('/')) throw new HttpError(400, 'the request target must be a path starting with "/"');
  return new URL(`http://localhost${target}`);
}

function routeOf(routes: readonly Route[], pathname: string): Handler | undefined {
  return routes.find((r) => (r.path.endsWith('/') ? pathname.startsWith(r.path) : pathname === r.path))?.handler;
}

// An HttpError is answered with its status and message; anything else is logged and is a 500 with
// no details (a stack trace or a path never leaves the server).
function fail(res: ServerResponse, ctx: WebContext, req: IncomingMessage, error: unknown): void {
  const known = error instanceof HttpError;
  if (!known) ctx.log.error(`web: ${req.method} ${(req.url ?? '').split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`);
  if (res.headersSent) {
    res.destroy(); // a body was under way: cut the connection so the client sees it is incomplete
    return;
  }
  const status = known ? error.status : 500;
  sendJson(res, status, { error: known ? error.message : 'internal error (logged by the server)' }, known ? error.headers : {});
}

// A whole HTTP/1.1 answer with a JSON error, for a socket whose request Node could not parse.
function rawError([status, reason, message]: [number, string, string]): string {
  const body = JSON.stringify({ error: message }) + '\n';
  const security = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${security}Connection: close\r\n\r\n${body}`;
}
