// Finds passwords and tokens written into the config file itself, for `check` to warn about when
// the file is readable by other users.
import { statSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { formatPath } from './issues.js';

const ONLY_REFERENCES = /^(\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;

// Pure: the key paths of raw config values that hold a literal secret (not only ${VAR}).
export function findLiteralSecrets(raw: unknown): string[] {
  const found: string[] = [];
  const cameras = (raw as { cameras?: unknown } | null)?.cameras;
  if (Array.isArray(cameras)) {
    cameras.forEach((camera, i) => {
      const url = (camera as { rtsp_url?: unknown } | null)?.rtsp_url;
      const password = typeof url === 'string' ? /^[a-z][a-z0-9+.-]*:\/\/[^/@]*?:([^@/]*)@/i.exec(url)?.[1] : undefined;
      if (password && !ONLY_REFERENCES.test(password)) found.push(formatPath(['cameras', i, 'rtsp_url']));
    });
  }
  const token = (raw as { notify?: { telegram?: { bot_token?: unknown } } } | null)?.notify?.telegram?.bot_token;
  if (typeof token === 'string' && !ONLY_REFERENCES.test(token)) found.push('notify.telegram.bot_token');
  return found;
}

// A warning line when the file holds literal secrets and others may read it; undefined otherwise.
export function auditConfigFile(file: string): string | undefined {
  let raw: unknown;
  let mode: number;
  try {
    raw = parse(readFileSync(file, 'utf8'));
    mode = statSync(file).mode & 0o777;
  } catch {
    return undefined; // the config check itself reports an unreadable or broken file
  }
  const keys = findLiteralSecrets(raw);
  if (keys.length === 0 || (mode & 0o004) === 0) return undefined;
  return `config holds a literal password (${keys.join(', ')}) and every user can read it (mode ${mode.toString(8).padStart(4, '0')}): ` +
    'run chmod 600 (or 640 with the service group), or move it to ${VAR} in a root-only EnvironmentFile= or to password_file / bot_token_file';
}
