import { ResponseError } from '@backstage/errors';

/** The server's sentence for a person, or the error's own message. */
export function describeError(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause?.message || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** HTTP status of a failed request, when it got an answer. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}

/** Whether the server refused because the user lacks a permission. */
export function isPermissionDenied(error: unknown): boolean {
  if (!error) return false;
  if (statusOf(error) === 403) return true;
  return (
    error instanceof ResponseError && error.cause?.name === 'NotAllowedError'
  );
}
