// Checks an RTSP URL, and explains how to fix a password with reserved characters.

const RESERVED_HINT = 'percent-encode such characters (@ as %40, : as %3A, / as %2F)';

// Returns a one-line problem, or undefined when the URL is fine. Never echoes the password.
export function checkRtspUrl(url: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (!scheme) return 'must be a URL starting with rtsp:// or rtsps://';
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'rtsp' && protocol !== 'rtsps') return `must start with rtsp:// or rtsps://, not ${protocol}://`;
  const rest = url.slice(scheme[0].length).split(/[?#]/)[0]!;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const looksLikeCredentials = colon >= 0 || userinfo.includes('@');
    if (looksLikeCredentials && /[@/]/.test(userinfo)) {
      return `the user name or password holds "@" or "/"; ${RESERVED_HINT}`;
    }
    if (colon >= 0 && userinfo.indexOf(':', colon + 1) >= 0) {
      return `the password holds ":"; ${RESERVED_HINT}`;
    }
  }
  const port = /^(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):(\d+)(?:\/|$)/.exec(rest)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range (1-65535)`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a valid URL (if the user name or password holds @ : / # ? or %, ${RESERVED_HINT.replace('such characters ', '')})`;
  }
  if (!parsed.hostname) return 'has no host';
  return undefined;
}
