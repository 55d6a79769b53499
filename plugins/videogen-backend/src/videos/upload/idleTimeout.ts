import { CustomErrorBase } from '@backstage/errors';
import { IncomingMessage } from 'node:http';

/** 408: the client stopped sending its upload. */
export class UploadIdleError extends CustomErrorBase {
  name = 'UploadIdleError' as const;
  readonly statusCode = 408;
}

function idleError(idleMs: number): UploadIdleError {
  return new UploadIdleError(
    `The upload sent nothing for ${Math.round(
      idleMs / 1000,
    )} s and was ended; send it again.`,
  );
}

/**
 * A request body's chunks, ending in UploadIdleError when the client sends
 * no byte for `idleMs`. The clock runs only while waiting for the client:
 * while the consumer writes a chunk (storage backpressure) it is stopped.
 */
export async function* idleLimited(
  source: AsyncIterable<Buffer>,
  idleMs: number,
): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  for (;;) {
    const next = chunks.next();
    // Given up on when the client went idle: its later failure (the
    // socket closed after the 408) is expected, not unhandled.
    next.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(idleError(idleMs)), idleMs);
    });
    try {
      const result = await Promise.race([next, idle]);
      if (result.done) {
        return;
      }
      yield result.value;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Calls `onIdle` when the request body brings no byte for `idleMs` (a
 * stalled client), unless the body is paused because we are the slow side
 * (storage backpressure). Returns a function that stops watching.
 */
export function watchUploadIdle(
  req: IncomingMessage,
  idleMs: number,
  onIdle: (error: UploadIdleError) => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  function stop() {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    req.off('data', arm);
    req.off('end', stop);
    req.off('close', stop);
  }
  function arm() {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      if (req.readableFlowing === false) {
        arm();
        return;
      }
      stop();
      onIdle(idleError(idleMs));
    }, idleMs);
  }
  req.on('data', arm);
  req.once('end', stop);
  req.once('close', stop);
  arm();
  return stop;
}

/**
 * Closes the connection of an upload ended for idleness once its answer is
 * sent (or at once if it cannot be): the client is not sending, so there is
 * no body left to read and nothing to keep the socket for.
 */
export function closeAfterAnswer(req: IncomingMessage): void {
  const res = (req as IncomingMessage & { res?: NodeJS.EventEmitter }).res;
  const close = () => req.socket.destroy();
  if (res) {
    res.once('finish', close);
    res.once('close', close);
  }
  // Never longer than a moment, whatever the error handler does.
  setTimeout(close, 5000).unref();
}
