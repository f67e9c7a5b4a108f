// Who can reach the server: anything but a loopback address needs web.users (HTTP Basic auth) or
// web.trust_proxy (a reverse proxy in front that authenticates). Pure.
import { CamsError, EXIT } from '../errors.js';
import type { WebConfig } from '../config/schema.js';
import { isLoopback } from '../net/listen-address.js';

// Throws the one-line refusal (exit 78) when `host` is reachable from other machines and nobody is
// asked for a password.
export function checkExposure(host: string, web: Pick<WebConfig, 'users' | 'trust_proxy'>, configPath: string): void {
  if (isLoopback(host) || Object.keys(web.users).length > 0 || web.trust_proxy) return;
  throw new CamsError(
    `web.listen: refusing to serve on "${host}", which other machines can reach, without web.users or web.trust_proxy: true in config "${configPath}" (add a user with "cams-manager web-passwd NAME", or listen on 127.0.0.1)`,
    { code: 'E_EXPOSED', exitCode: EXIT.CONFIG },
  );
}
