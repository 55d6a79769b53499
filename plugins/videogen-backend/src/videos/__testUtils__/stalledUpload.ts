import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Sends the first half of `body` (with the whole body's Content-Length),
 * then nothing: a client that stalls mid-upload. Resolves with the answer
 * once the server has also closed the connection.
 */
export function stalledUpload(
  server: http.Server,
  request: {
    method: 'POST' | 'PUT';
    path: string;
    headers: Record<string, string>;
    body: Buffer;
  },
): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  const { body } = request;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: request.method,
      path: request.path,
      headers: { ...request.headers, 'Content-Length': body.length },
    });
    req.on('error', reject);
    req.on('response', res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        text += chunk;
      });
      res.on('end', () => {
        const answer = { status: res.statusCode!, body: text };
        if (req.socket?.destroyed) {
          resolve(answer);
        } else {
          req.socket?.once('close', () => resolve(answer));
        }
      });
    });
    req.write(body.subarray(0, Math.floor(body.length / 2)));
  });
}
