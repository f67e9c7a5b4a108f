// Turns rclone's error text into one CamsError the user can act on. Pure.
//
// rclone (1.60) says, for the cases that matter:
//   unknown remote       "didn't find section in config file"
//   refused credentials  sftp "ssh: handshake failed: ssh: unable to authenticate";
//                        WebDAV/HTTP "401 Unauthorized", "403 Forbidden"; S3 "AccessDenied",
//                        "InvalidAccessKeyId", "SignatureDoesNotMatch"; B2 "bad_auth_token", "unauthorized"
//   not found            "object not found", "directory not found" (HTTP 404 from the rc API)
//   unreachable          "connection refused", "no such host", "i/o timeout", "network is unreachable"…
// Its messages may carry a URL with "user:password@" or a connection string: both are redacted.
import { CamsError, EXIT, type ExitCode } from '../errors.js';
import { CONNECTION_OPTION } from '../config/rclone-remote.js';
import { redactText } from '../log/redact.js';

export type RcloneFailure = 'unknown-remote' | 'auth' | 'not-found' | 'unreachable' | 'other';

const KINDS: Array<[RcloneFailure, RegExp]> = [
  ['unknown-remote', /didn't find section in config file|config file .* not found|couldn't find (a )?remote/i],
  ['auth', /unable to authenticate|\b401\b|\b403\b|unauthori[sz]ed|forbidden|access ?denied|InvalidAccessKeyId|SignatureDoesNotMatch|bad_auth_token|permission denied \(publickey|authentication failed|invalid_grant|login failed/i],
  ['not-found', /object not found|directory not found|\b404\b|no such file/i],
  ['unreachable', /connection refused|connection lost|connection closed|closed network connection|no such host|i\/o timeout|network is unreachable|no route to host|connection reset|timed? ?out|dial tcp|broken pipe|\bEOF\b|TLS handshake/i],
];

const CODES: Record<RcloneFailure, { code: string; exitCode: ExitCode }> = {
  'unknown-remote': { code: 'E_OFFSITE_UNKNOWN_REMOTE', exitCode: EXIT.CONFIG },
  auth: { code: 'E_OFFSITE_AUTH', exitCode: EXIT.CONFIG },
  'not-found': { code: 'E_OFFSITE_NOT_FOUND', exitCode: EXIT.FAILURE },
  unreachable: { code: 'E_OFFSITE_UNREACHABLE', exitCode: EXIT.FAILURE },
  other: { code: 'E_OFFSITE_FAILED', exitCode: EXIT.FAILURE },
};

// Pure: which case rclone's message is (the first that matches, in the order above).
export function classifyRcloneError(text: string): RcloneFailure {
  return KINDS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
}

export interface RcloneErrorContext {
  remote: string; // "nas:cams", as in the config
  configFile: string | undefined; // rclone's config file, when the config names one
  action: string; // "listing", "uploading cam1/segments/x.mp4"
}

// Pure: one CamsError naming the remote, with rclone's own words (redacted) below the headline.
export function rcloneError(text: string, context: RcloneErrorContext, status?: number): CamsError {
  const kind = status === 404 ? 'not-found' : classifyRcloneError(text);
  const name = context.remote.slice(0, context.remote.indexOf(':'));
  const config = context.configFile ? `rclone's config ${context.configFile}` : "rclone's config";
  const headline: Record<RcloneFailure, string> = {
    'unknown-remote': `off-site remote "${name}" is not in ${config}: add it with "rclone config${context.configFile ? ` --config ${context.configFile}` : ''}", or fix offsite.remote`,
    auth: `off-site remote "${context.remote}" refused the credentials in ${config} (fix them with "rclone config")`,
    'not-found': `off-site remote "${context.remote}": not found while ${context.action}`,
    unreachable: `off-site remote "${context.remote}" cannot be reached while ${context.action}`,
    other: `off-site remote "${context.remote}": rclone failed while ${context.action}`,
  };
  return new CamsError(headline[kind], { ...CODES[kind], details: [`rclone: ${redactRclone(text)}`] });
}

const ANY_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

// rclone's text without the user:password of any URL, connection-string option values or a
// registered secret; one line.
export function redactRclone(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return redactText(line.replace(ANY_USERINFO, '$1***@').replace(CONNECTION_OPTION, '$1***'));
}
