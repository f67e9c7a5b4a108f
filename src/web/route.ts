// What every route of the web server shares: the context it is given, the handler's shape, and
// the one way a handler answers JSON or fails (an HttpError becomes {"error": "..."}).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { redactText } from '../log/redact.js';

// What a handler may use. The config's cameras carry rtsp_url: never send it anywhere.
export interface WebContext {
  config: Config;
  log: Logger;
  now(): number; // ms since the epoch
}

// A route's handler: answers `res` (GET or HEAD only; for HEAD, Node drops the body). It throws an
// HttpError for a client's mistake; anything else thrown is logged and answered 500 without details.
export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: WebContext, url: URL) => Promise<void>;

// A path answered by a handler: "/api/cameras" exactly, or every path under a prefix ending in "/".
export interface Route {
  path: string;
  handler: Handler;
}

// A client error with its HTTP status; its message is sent as {"error": message}.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

// A 404 for a path nothing answers (the same answer for every unknown or refused path).
export const notFound = (): HttpError => new HttpError(404, 'not found');

// Answers a JSON document on one line, not cached (the facts change with every request). Any
// secret of the config that reached it anyway is hidden, as in the logs.
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = redactText(JSON.stringify(body)) + '\n';
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}
