// Checks an rclone remote written in the config ("nas:cams", "b2:bucket/cams"). Pure.
//
// Only a named remote of rclone's config is accepted: rclone also takes connection strings
// (":sftp,host=h,pass=…:path", "nas,pass=…:path") and on-the-fly backends (":s3:bucket"), whose
// options may hold credentials; those belong in rclone's config file, never in ours, and the
// value is never echoed in the message.

// rclone's remote names: letters, digits, "_", "-", ".", "+", "@" and inner spaces (rclone config).
const REMOTE = /^([A-Za-z0-9_.+@-](?:[A-Za-z0-9_.+@ -]*[A-Za-z0-9_.+@-])?):(.*)$/s;

export interface RcloneRemote {
  name: string; // the remote in rclone's config, "nas"
  path: string; // the path inside it, "cams" (may be empty: the remote's root)
}

// A one-line problem, or undefined when `text` is a named remote and a path.
export function checkRcloneRemote(text: string): string | undefined {
  if (text.startsWith(':') || /^[^:/]*,/.test(text)) {
    return 'must name a remote of rclone\'s config ("nas:cams"): a connection string (":sftp,…:" or "name,option=…:") may hold credentials, which belong in rclone\'s config (rclone config)';
  }
  const match = REMOTE.exec(text);
  if (!match) return 'must be an rclone remote and a path, "name:path" like "nas:cams" or "b2:my-bucket/cams" (the name as in "rclone listremotes")';
  const path = match[2]!;
  if (/[\0-\x1f\x7f]/.test(path)) return 'the path after "name:" holds a control character';
  return undefined;
}

// Splits a remote checked by checkRcloneRemote into its name and path.
export function parseRcloneRemote(text: string): RcloneRemote {
  const match = REMOTE.exec(text);
  if (!match) throw new Error(`not an rclone remote: ${JSON.stringify(text.slice(0, text.indexOf(':')))}`);
  return { name: match[1]!, path: match[2]! };
}

// rclone connection-string options ("…,pass=secret,…:"): what follows "=" up to "," or ":".
export const CONNECTION_OPTION = /(,\s*[A-Za-z_][\w-]*=)("[^"]*"|'[^']*'|[^,:\s]*)/g;

// The option values of a connection string, for the redactor to know as secrets.
export function connectionStringValues(text: string): string[] {
  return [...text.matchAll(CONNECTION_OPTION)].map((match) => match[2]!.replace(/^["']|["']$/g, ''));
}
