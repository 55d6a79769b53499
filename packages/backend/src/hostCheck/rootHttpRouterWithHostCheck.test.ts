import http from 'node:http';
import net from 'node:net';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { rootHttpRouterWithHostCheck } from './rootHttpRouterWithHostCheck';
import { MISDIRECTED_REQUEST_MESSAGE } from './hostCheckMiddleware';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** node:http, because fetch does not let a caller choose the Host header. */
function get(port: number, path: string, host: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, headers: { host } },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const pingPlugin = createBackendPlugin({
  pluginId: 'ping',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
      },
      async init({ httpRouter }) {
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use((_req, res) => {
          res.json({ pong: true });
        });
      },
    });
  },
});

describe('rootHttpRouterWithHostCheck', () => {
  let stopBackend: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stopBackend?.();
  });

  it('answers the configured hosts and refuses any other with 421', async () => {
    const port = await freePort();
    // The real backend (startTestBackend brings a root router of its own).
    const backend = createBackend();
    backend.add(rootHttpRouterWithHostCheck);
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: `http://localhost:${port}`,
            listen: { host: '127.0.0.1', port },
            allowedHosts: ['videogen.internal'],
          },
        },
      }),
    );
    backend.add(mockServices.rootLogger.factory());
    backend.add(pingPlugin);
    await backend.start();
    stopBackend = () => backend.stop();

    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      'videogen.internal',
    ]) {
      const answer = await get(port, '/api/ping', host);
      expect({ host, ...answer }).toEqual({
        host,
        status: 200,
        body: '{"pong":true}',
      });
    }

    const rebound = await get(port, '/api/ping', `attacker.example:${port}`);
    expect(rebound).toEqual({
      status: 421,
      body: MISDIRECTED_REQUEST_MESSAGE,
    });

    // Load balancers check health by the instance's IP address.
    const health = await get(
      port,
      '/.backstage/health/v1/liveness',
      `10.0.1.23:${port}`,
    );
    expect(health.status).toBe(200);
  });
});
