// Secrets in the config: `${VAR}` references and `*_file` keys, resolved on the raw YAML data
// before validation, each value registered for redaction.
//   cameras[].rtsp_url        may hold ${VAR} (e.g. rtsp://admin:${CAM1_PASSWORD}@host/…)
//   cameras[].password_file   a file holding the password; it is percent-encoded into rtsp_url
//   notify.telegram.bot_token may hold ${VAR};  notify.telegram.bot_token_file: a file holding it
// *_file paths may hold ${VAR} too (`${CREDENTIALS_DIRECTORY}/cam1`, for LoadCredential=).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registerSecret, registerUrlSecret } from '../log/redact.js';
import type { ConfigIssue } from './issues.js';

// `required`: an unknown variable or unreadable file is an issue (record, check, notify).
// `optional`: left as "***" (status, merge, clean: they never connect to a camera).
export type SecretMode = 'required' | 'optional';

export interface SecretOptions {
  mode: SecretMode;
  env: NodeJS.ProcessEnv;
  baseDir: string; // relative *_file paths resolve against the config's folder
  readFile?: (file: string) => string;
  // With mode `required`: only this camera's secrets are required, the others' and the bot
  // token's are optional (a recorder must start even when another camera's password is missing).
  onlyCamera?: string;
}

export const PLACEHOLDER = '***';
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

// Resolves every secret in the raw config in place; returns the problems found.
export function resolveSecrets(raw: unknown, options: SecretOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const cameras = (raw as { cameras?: unknown } | null)?.cameras;
  const relaxed: SecretOptions = { ...options, mode: 'optional' };
  const forCamera = (camera: unknown) => (options.onlyCamera === undefined || (isRecord(camera) && camera.name === options.onlyCamera) ? options : relaxed);
  if (Array.isArray(cameras)) cameras.forEach((camera, i) => resolveCamera(camera, ['cameras', i], forCamera(camera), issues));
  const telegram = (raw as { notify?: { telegram?: unknown } } | null)?.notify?.telegram;
  if (isRecord(telegram)) resolveToken(telegram, ['notify', 'telegram'], options.onlyCamera === undefined ? options : relaxed, issues);
  return issues;
}

function resolveCamera(camera: unknown, at: (string | number)[], o: SecretOptions, issues: ConfigIssue[]): void {
  if (!isRecord(camera) || typeof camera.rtsp_url !== 'string') return;
  let url = expand(camera.rtsp_url, [...at, 'rtsp_url'], o, issues);
  if (typeof camera.password_file === 'string') {
    const password = readSecretFile(camera.password_file, [...at, 'password_file'], o, issues);
    if (password !== undefined) url = withPassword(url, password, [...at, 'rtsp_url'], issues);
  }
  registerUrlSecret(url);
  camera.rtsp_url = url;
}

function resolveToken(telegram: Record<string, unknown>, at: (string | number)[], o: SecretOptions, issues: ConfigIssue[]): void {
  if (typeof telegram.bot_token_file === 'string') {
    if (telegram.bot_token !== undefined) issues.push({ path: [...at, 'bot_token'], message: 'give bot_token or bot_token_file, not both' });
    else telegram.bot_token = readSecretFile(telegram.bot_token_file, [...at, 'bot_token_file'], o, issues) ?? PLACEHOLDER;
  } else if (typeof telegram.bot_token === 'string') {
    telegram.bot_token = expand(telegram.bot_token, [...at, 'bot_token'], o, issues);
  }
  if (typeof telegram.bot_token === 'string') registerSecret(telegram.bot_token);
}

// Replaces each ${VAR} with its value from the environment (registered as a secret).
export function expand(text: string, at: (string | number)[], o: SecretOptions, issues: ConfigIssue[]): string {
  return text.replace(REFERENCE, (_m, name: string) => {
    const value = o.env[name];
    if (value !== undefined && value !== '') {
      registerSecret(value);
      return value;
    }
    if (o.mode === 'required') issues.push({ path: at, message: `the environment variable ${name} is not set` });
    return PLACEHOLDER;
  });
}

function readSecretFile(file: string, at: (string | number)[], o: SecretOptions, issues: ConfigIssue[]): string | undefined {
  const resolved = path.resolve(o.baseDir, expand(file, at, o, issues));
  if (resolved.includes(PLACEHOLDER)) return undefined;
  try {
    const value = (o.readFile ?? ((f: string) => readFileSync(f, 'utf8')))(resolved).replace(/\r?\n$/, '');
    if (value === '') issues.push({ path: at, message: `"${resolved}" is empty` });
    registerSecret(value);
    return value || undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (o.mode === 'required') issues.push({ path: at, message: `"${resolved}" ${code === 'ENOENT' ? 'does not exist' : 'cannot be read'}` });
    return undefined;
  }
}

// rtsp://user@host/… + password → rtsp://user:<percent-encoded password>@host/…
function withPassword(url: string, password: string, at: (string | number)[], issues: ConfigIssue[]): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/@:]+)(:[^/@]*)?@/i.exec(url);
  if (!m) {
    issues.push({ path: at, message: 'needs a user name (rtsp://user@host/…) when password_file is given' });
    return url;
  }
  if (m[3]) {
    issues.push({ path: at, message: 'holds a password already; remove it or password_file' });
    return url;
  }
  return `${m[1]}${m[2]}:${encodeURIComponent(password)}@${url.slice(m[0].length)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
