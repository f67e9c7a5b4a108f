// file → YAML → validated Config, with every problem reported as one "path: message" line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CamsError, EXIT } from '../errors.js';
import { registerSecret, registerUrlSecret } from '../log/redact.js';
import { checkCameras } from './cross-check.js';
import { connectionStringValues } from './rclone-remote.js';
import { formatIssueLines, fromZodIssues, type ConfigIssue } from './issues.js';
import { ConfigSchema, type Config } from './schema.js';
import { resolveSecrets, type SecretMode } from './secrets.js';
import { yamlIssues } from './yaml-issues.js';

export const SYSTEM_CONFIG = '/etc/cams-manager/config.yaml';

export interface ConfigLocation {
  path: string;
  reason: string; // how it was chosen, said by `check` and `-v`
}

// Picks the config file: -c, else $CAMS_MANAGER_CONFIG, else ./config.yaml, else the user's
// ~/.config/cams-manager/config.yaml, else the system one.
export function locateConfig(option: string | undefined, env = process.env, cwd = process.cwd()): ConfigLocation {
  if (option) return { path: path.resolve(cwd, option), reason: 'from -c' };
  if (env.CAMS_MANAGER_CONFIG) return { path: path.resolve(cwd, env.CAMS_MANAGER_CONFIG), reason: 'from $CAMS_MANAGER_CONFIG' };
  const local = path.resolve(cwd, 'config.yaml');
  if (existsSync(local)) return { path: local, reason: 'config.yaml in the current folder' };
  // Where `install/install.sh --user` puts it.
  const user = env.HOME ? path.join(env.XDG_CONFIG_HOME || path.join(env.HOME, '.config'), 'cams-manager', 'config.yaml') : undefined;
  if (user && existsSync(user)) return { path: user, reason: 'your user config' };
  if (existsSync(SYSTEM_CONFIG)) return { path: SYSTEM_CONFIG, reason: 'the system config' };
  const tried = [local, ...(user ? [user] : []), SYSTEM_CONFIG].map((p) => `"${p}"`).join(', ');
  throw new CamsError(`no config file: none of ${tried} exists`, {
    code: 'E_CONFIG_MISSING',
    exitCode: EXIT.CONFIG,
    details: ['copy config.yaml.example to config.yaml and edit it, or pass -c <file>'],
  });
}

// How secrets are resolved (secrets.ts): `optional` (missing ones left as "***") unless the caller
// connects to cameras and asks for `required` (record, check).
export interface LoadOptions {
  secrets?: SecretMode;
  onlyCamera?: string; // with `required`: only this camera's secrets (what `record <camera>` needs)
  env?: NodeJS.ProcessEnv;
}

// Reads and validates a config file; throws one CamsError listing every problem.
export function loadConfig(file: string, options: LoadOptions = {}): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const [reason, hint] =
      code === 'ENOENT' ? ['does not exist', 'check the path, or start from config.yaml.example']
      : code === 'EACCES' ? ['cannot be read: permission denied', 'it holds camera passwords: run as root (sudo), or as a member of its group']
      : ['cannot be read', String((error as Error).message)];
    throw new CamsError(`config "${file}" ${reason}`, { code: 'E_CONFIG_READ', exitCode: EXIT.CONFIG, details: [hint], cause: error });
  }
  const result = parseConfigText(text, path.dirname(path.resolve(file)), options);
  if (!result.ok) {
    throw new CamsError(`config "${file}" is invalid`, {
      code: 'E_CONFIG_INVALID',
      exitCode: EXIT.CONFIG,
      details: result.issues.flatMap(formatIssueLines),
    });
  }
  return { ...result.config, path: path.resolve(file) };
}

export type ParseResult = { ok: true; config: Omit<Config, 'path'> } | { ok: false; issues: ConfigIssue[] };

// Pure: YAML text + the folder relative paths resolve against → config or issues.
export function parseConfigText(text: string, baseDir: string, options: LoadOptions = {}): ParseResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, issues: yamlIssues(doc.errors, text) };
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { ok: false, issues: [{ path: [], message: 'is empty; start from config.yaml.example' }] };
  }
  registerRawSecrets(raw);
  const secretIssues = resolveSecrets(raw, {
    mode: options.secrets ?? 'optional',
    env: options.env ?? process.env,
    baseDir,
    ...(options.onlyCamera === undefined ? {} : { onlyCamera: options.onlyCamera }),
  });
  const parsed = ConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: [...secretIssues, ...fromZodIssues(parsed.error.issues, ConfigSchema)] };
  if (secretIssues.length > 0) return { ok: false, issues: secretIssues };
  const cameras = parsed.data.cameras.map((c) => ({ ...c, output_dir: path.resolve(baseDir, c.output_dir) }));
  const issues = checkCameras(cameras);
  if (issues.length > 0) return { ok: false, issues };
  const offsite = parsed.data.offsite?.rclone_config === undefined ? parsed.data.offsite : { ...parsed.data.offsite, rclone_config: path.resolve(baseDir, parsed.data.offsite.rclone_config) };
  return { ok: true, config: { ...parsed.data, cameras, ...(offsite ? { offsite } : {}) } };
}

// Passwords are known as secrets as soon as the file is read, so no later message shows them.
function registerRawSecrets(raw: unknown): void {
  const remote = (raw as { offsite?: { remote?: unknown } }).offsite?.remote;
  if (typeof remote === 'string') connectionStringValues(remote).forEach(registerSecret);
  const cameras = (raw as { cameras?: unknown }).cameras;
  if (!Array.isArray(cameras)) return;
  for (const camera of cameras) {
    const url = (camera as { rtsp_url?: unknown } | null)?.rtsp_url;
    if (typeof url === 'string') registerUrlSecret(url);
  }
}
