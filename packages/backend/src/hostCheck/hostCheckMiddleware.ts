import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Health checks come from load balancers that address the instance by IP;
 * they reveal nothing, so they need no Host check.
 */
const HEALTH_PATH = '/.backstage/health/';

export const MISDIRECTED_REQUEST_MESSAGE =
  'This backend answers only requests addressed to its configured host (backend.baseUrl or backend.allowedHosts).\n';

/**
 * Refuses any request whose `Host` header is not one of `allowedHosts`
 * with 421 Misdirected Request. A web page that renames its own domain to
 * 127.0.0.1 (DNS rebinding) still sends its own host name, so it cannot
 * talk to a backend listening on this machine.
 */
export function createHostCheckMiddleware(allowedHosts: ReadonlySet<string>) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const host = (req.headers.host ?? '').toLocaleLowerCase('en-US');
    if (allowedHosts.has(host) || req.url?.startsWith(HEALTH_PATH)) {
      next();
      return;
    }
    res.statusCode = 421;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(MISDIRECTED_REQUEST_MESSAGE);
  };
}
