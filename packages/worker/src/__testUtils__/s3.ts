import { S3Client } from '@aws-sdk/client-s3';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import S3rver from 's3rver';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A real s3rver on a random loopback port, behind a small proxy that records
 * request headers (s3rver accepts but ignores checksum and SSE headers, so
 * the proxy is where the test sees them) and can fail chosen requests.
 */
export class TestS3 {
  readonly requests: RecordedRequest[] = [];
  /** Return true to answer a request with 403 AccessDenied instead of forwarding it. */
  deny: (req: RecordedRequest) => boolean = () => false;
  private server?: S3rver;
  private proxy?: http.Server;
  private backendPort = 0;
  endpoint = '';

  constructor(
    private readonly directory: string,
    private readonly buckets: string[],
  ) {}

  async start(): Promise<void> {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: this.directory,
      configureBuckets: this.buckets.map(name => ({ name })),
    });
    this.backendPort = (await this.server.run()).port;
    this.proxy = http.createServer((req, res) => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
      };
      this.requests.push(recorded);
      if (this.deny(recorded)) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        );
        return;
      }
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: this.backendPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        upstreamRes => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>(resolve =>
      this.proxy!.listen(0, '127.0.0.1', resolve),
    );
    this.endpoint = `http://127.0.0.1:${
      (this.proxy.address() as AddressInfo).port
    }`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve =>
      this.proxy ? this.proxy.close(() => resolve()) : resolve(),
    );
    this.proxy?.closeAllConnections?.();
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

  /** The environment a worker needs to talk to this server. */
  env(): NodeJS.ProcessEnv {
    return {
      VIDEOGEN_S3_ENDPOINT: this.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
  }
}
