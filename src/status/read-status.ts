// The status document alone, for callers that need no more than it (the web server's /api/cameras):
// the facts as collect.ts gathers them for `status`.
import type { Config } from '../config/schema.js';
import { collectStatus } from './collect.js';
import type { StatusDocument } from './report.js';

// The status document at `now`; `user`: ask the user's systemd manager instead of the system's.
export async function readStatus(config: Pick<Config, 'cameras' | 'recording'>, now: Date, user: boolean): Promise<StatusDocument> {
  return (await collectStatus(config, { now, user })).doc;
}
