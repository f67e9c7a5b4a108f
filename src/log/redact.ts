// Keeps passwords and tokens out of every line the program prints.

const SECRETS = new Set<string>();
const URL_CREDENTIALS = /\b(rtsps?|https?):\/\/([^\s:@/]*):([^\s@]*)@/gi;

// Secrets shorter than this are hidden only where they stand as a URL's password: replacing a
// short word everywhere would corrupt messages ("pass" in "password"). Tokens are far longer.
const MIN_FREE_TEXT_SECRET = 6;

// Remembers a secret (and its percent-decoded form) so that redactText hides it anywhere.
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_FREE_TEXT_SECRET) return;
  SECRETS.add(secret);
  try {
    SECRETS.add(decodeURIComponent(secret));
  } catch {
    // not percent-encoded: the raw form is enough
  }
}

// Replaces the password of a URL with *** ("rtsp://admin:***@host/stream").
export function redactUrl(url: string): string {
  return url.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}://${user}:***@`);
}

// Redacts URL passwords and every registered secret in free text (FFmpeg stderr, errors).
export function redactText(text: string): string {
  let out = redactUrl(text);
  for (const secret of SECRETS) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

// Registers the password of an RTSP URL as a secret.
export function registerUrlSecret(url: string): void {
  const match = /^[a-z]+:\/\/[^/@]*:([^@]*)@/i.exec(url);
  registerSecret(match?.[1]);
}
