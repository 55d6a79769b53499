import http from 'node:http';
import zlib from 'node:zlib';
import { containsServerPath } from '../http/scrubServerPaths';

const MAX_BODY = 256 * 1024;

/** What is wrong with an error answer's body, if anything. */
export function errorAnswerProblems(body: string): string[] {
  const problems: string[] = [];
  if (/"stack"\s*:/.test(body)) {
    problems.push('it carries a stack trace ("stack")');
  }
  if (/\n\s+at .+:\d+:\d+/.test(body)) {
    problems.push('it carries stack frames');
  }
  if (containsServerPath(body)) {
    problems.push('it names a path of the server');
  }
  return problems;
}

function decode(body: Buffer, encoding: unknown): string {
  try {
    switch (String(encoding ?? '').toLowerCase()) {
      case 'gzip':
        return zlib.gunzipSync(body).toString('utf8');
      case 'deflate':
        return zlib.inflateSync(body).toString('utf8');
      case 'br':
        return zlib.brotliDecompressSync(body).toString('utf8');
      default:
        return body.toString('utf8');
    }
  } catch {
    return body.toString('utf8');
  }
}

type Violation = {
  request: string;
  status: number;
  problems: string[];
  body: string;
};

/**
 * Watches every HTTP answer this test process serves (supertest against a
 * test backend, a router in an express app, a real server): an answer with
 * status 400 or more must carry neither a stack trace nor a path of the
 * server. Installed for every test file by src/setupTests.ts.
 */
export function installErrorAnswerGuard(): { take(): Violation[] } {
  const violations: Violation[] = [];
  const proto = http.ServerResponse.prototype as http.ServerResponse & {
    __errorAnswerGuard?: boolean;
  };
  if (!proto.__errorAnswerGuard) {
    proto.__errorAnswerGuard = true;
    const chunksOf = new WeakMap<http.ServerResponse, Buffer[]>();
    const collect = (
      res: http.ServerResponse,
      chunk: unknown,
      encoding: unknown,
    ) => {
      if (res.statusCode < 400 || chunk === undefined || chunk === null) {
        return;
      }
      if (typeof chunk === 'function') {
        return;
      }
      const chunks = chunksOf.get(res) ?? [];
      const size = chunks.reduce((n, c) => n + c.length, 0);
      if (size < MAX_BODY) {
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(
                String(chunk),
                typeof encoding === 'string'
                  ? (encoding as BufferEncoding)
                  : 'utf8',
              ),
        );
        chunksOf.set(res, chunks);
      }
    };
    const write = proto.write;
    const end = proto.end;
    proto.write = function guardedWrite(
      this: http.ServerResponse,
      ...args: any[]
    ) {
      collect(this, args[0], args[1]);
      return (write as any).apply(this, args);
    } as any;
    proto.end = function guardedEnd(this: http.ServerResponse, ...args: any[]) {
      collect(this, args[0], args[1]);
      const chunks = chunksOf.get(this);
      if (this.statusCode >= 400 && chunks && chunks.length > 0) {
        const body = decode(
          Buffer.concat(chunks),
          this.getHeader('content-encoding'),
        );
        const problems = errorAnswerProblems(body);
        if (problems.length > 0) {
          const req = (
            this as http.ServerResponse & { req?: http.IncomingMessage }
          ).req;
          (globalThis as any).__errorAnswerViolations?.push({
            request: `${req?.method} ${req?.url}`,
            status: this.statusCode,
            problems,
            body: body.slice(0, 2000),
          });
        }
      }
      return (end as any).apply(this, args);
    } as any;
  }
  (globalThis as any).__errorAnswerViolations = violations;
  return { take: () => violations.splice(0, violations.length) };
}
