/**
 * Exit codes of the CLI; documented in the README and relied on by the
 * backend to tell "fix your inputs" from "retry or investigate".
 *
 * @public
 */
export const EXIT_CODES = {
  ok: 0,
  processing: 1,
  input: 2,
  sigint: 130,
  sigterm: 143,
} as const;

/** @public */
export type WorkerErrorKind = 'input' | 'processing' | 'cancelled';

/**
 * An error whose message is fit to show to a person as the single stderr
 * line of the CLI.
 *
 * @public
 */
export class WorkerError extends Error {
  readonly kind: WorkerErrorKind;
  readonly exitCode: number;

  constructor(
    kind: WorkerErrorKind,
    message: string,
    exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkerError';
    this.kind = kind;
    this.exitCode = exitCode;
  }
}

/** The inputs (arguments, photo, script) are missing or unusable. @public */
export class InputError extends WorkerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('input', message, EXIT_CODES.input, options);
    this.name = 'InputError';
  }
}

/** Rendering, the environment or the output storage failed. @public */
export class ProcessingError extends WorkerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('processing', message, EXIT_CODES.processing, options);
    this.name = 'ProcessingError';
  }
}

/** The job was cancelled (SIGTERM/SIGINT or an aborted signal). @public */
export class CancelledError extends WorkerError {
  constructor(message: string, exitCode: number = EXIT_CODES.sigterm) {
    super('cancelled', message, exitCode);
    this.name = 'CancelledError';
  }
}

/**
 * Throws the signal's reason as a CancelledError if it was aborted, so long
 * loops stop between steps.
 */
export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw asCancelled(signal.reason);
  }
}

/**
 * The error a job stopped by its signal ends with: the signal's reason when
 * it is one of ours (a cancellation, or an internal error that aborted the
 * job so it could clean up), otherwise a plain cancellation.
 */
export function asCancelled(reason: unknown): WorkerError {
  if (reason instanceof WorkerError) {
    return reason;
  }
  return new CancelledError('cancelled');
}

/** Node's system error codes (ENOENT, ENOSPC, ...) without casts everywhere. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
};

/** "no such file" rather than "ENOENT: no such file or directory, open '/x'". */
export function describeErrno(error: unknown): string {
  const code = errnoCode(error);
  if (code && ERRNO_TEXT[code]) {
    return ERRNO_TEXT[code];
  }
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** Collapses a message to one printable line (the stderr contract). */
export function oneLine(text: string, maxLength = 400): string {
  const flat = text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}
