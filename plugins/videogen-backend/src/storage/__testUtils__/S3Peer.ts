import { S3Client } from '@aws-sdk/client-s3';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import S3rver from 's3rver';

export type SeenRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
};

/**
 * A real S3 protocol peer for tests: s3rver on a random loopback port with a
 * temporary directory, behind a tiny pass-through proxy that remembers every
 * request's method, URL and headers. s3rver accepts and ignores checksum
 * and server-side-encryption headers, so the proxy is where a test sees
 * what the adapter asked S3 for.
 */
export class S3Peer {
  readonly seen: SeenRequest[] = [];
  endpoint = '';
  private server?: S3rver;
  private proxy?: http.Server;

  constructor(
    private readonly directory: string,
    private readonly buckets: string[],
    private readonly options: {
      /**
       * Accept requests signed with any secret for the S3RVER key, so a test
       * can give the backend a canary secret and still talk to the peer.
       */
      acceptAnySecret?: boolean;
    } = {},
  ) {}

  async start(): Promise<void> {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: this.directory,
      configureBuckets: this.buckets.map(name => ({ name })),
      allowMismatchedSignatures: this.options.acceptAnySecret ?? false,
    });
    const { port: upstreamPort } = await this.server.run();
    this.proxy = http.createServer((req, res) => {
      this.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
      });
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>(resolve =>
      this.proxy!.listen(0, '127.0.0.1', () => resolve()),
    );
    this.endpoint = `http://127.0.0.1:${
      (this.proxy.address() as AddressInfo).port
    }`;
  }

  async stop(): Promise<void> {
    this.proxy?.closeAllConnections();
    await new Promise<void>(resolve =>
      this.proxy ? this.proxy.close(() => resolve()) : resolve(),
    );
    await this.server?.close();
  }

  client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  }

  /** Requests whose URL matches, e.g. `?uploads` for CreateMultipartUpload. */
  requests(method: string, urlPattern: RegExp): SeenRequest[] {
    return this.seen.filter(r => r.method === method && urlPattern.test(r.url));
  }
}
