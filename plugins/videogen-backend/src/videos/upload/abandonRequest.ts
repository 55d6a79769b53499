import { IncomingMessage } from 'node:http';

/**
 * Stops parsing a request whose upload was refused: the rest of the body is
 * read and dropped (so the client, still sending, gets the answer), up to a
 * cap beyond which the connection is closed.
 */
export function abandonRequest(req: IncomingMessage, capBytes: number): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > capBytes) {
      req.socket.destroy();
    }
  });
  req.resume();
}
