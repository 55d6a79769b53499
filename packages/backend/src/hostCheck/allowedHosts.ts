import { Config } from '@backstage/config';

/**
 * The `Host` headers this backend answers to, lower-cased `host[:port]`:
 * the host of `backend.baseUrl` (browsers and the frontend), the address
 * other plugins of this backend reach it at (the discovery service's
 * internal URL, built from `backend.listen`), and `backend.allowedHosts`
 * (e.g. the load balancer's name that the CDN sends as Host).
 */
export function readAllowedHosts(config: Config): Set<string> {
  const hosts = new Set<string>();
  const add = (host: string) => hosts.add(host.toLocaleLowerCase('en-US'));

  const baseUrl = new URL(config.getString('backend.baseUrl'));
  add(baseUrl.host);
  const internal = internalHost(config, baseUrl);
  if (internal) add(internal);
  for (const host of config.getOptionalStringArray('backend.allowedHosts') ??
    []) {
    add(host);
  }
  return hosts;
}

/** Mirrors how the discovery service builds its internal base URL. */
function internalHost(config: Config, baseUrl: URL): string | undefined {
  const listen = config.getOptional('backend.listen');
  let host = '::';
  let port: string | undefined;
  if (typeof listen === 'string') {
    const match = listen.match(/^(?:(.*):)?(\d+)$/);
    if (!match) return undefined;
    host = match[1] || host;
    port = match[2];
  } else {
    host = config.getOptionalString('backend.listen.host') || host;
    port = config.getOptional('backend.listen.port')?.toString();
  }
  if (host === '::' || host === '') host = 'localhost';
  else if (host === '0.0.0.0') host = '127.0.0.1';
  if (host.includes(':')) host = `[${host}]`;
  const defaultPort = baseUrl.protocol === 'https:' ? '443' : '80';
  port = port ?? (baseUrl.port || defaultPort);
  return port === defaultPort ? host : `${host}:${port}`;
}
