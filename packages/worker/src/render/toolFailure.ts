import {
  ProcessingError,
  WorkerError,
  describeErrno,
  oneLine,
} from '../errors';
import { ExecError, lastMeaningfulLine, mentionsNoSpace } from '../media/exec';

/** Turns a failed child process into the one-line reason a person reads. */
export function toolFailure(
  error: unknown,
  tool: string,
  doing: string,
): Error {
  if (error instanceof WorkerError) {
    return error;
  }
  if (error instanceof ExecError) {
    if (error.spawnErrorCode) {
      return new ProcessingError(`${error.message} (needed for ${doing})`);
    }
    if (mentionsNoSpace(error.stderr)) {
      return new ProcessingError(`no space left on device while ${doing}`);
    }
    const line = lastMeaningfulLine(error.stderr);
    return new ProcessingError(
      `${tool} failed while ${doing}: ${oneLine(line || error.message, 300)}`,
    );
  }
  return new ProcessingError(
    `${tool} failed while ${doing}: ${describeErrno(error)}`,
  );
}
