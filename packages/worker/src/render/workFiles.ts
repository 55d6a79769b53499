import { promises as fs } from 'node:fs';
import { ProcessingError, describeErrno } from '../errors';

/** Writes a file into the work directory; a failure there is the worker's, not the input's. */
export async function writeWorkFile(
  path: string,
  data: string | Buffer,
): Promise<void> {
  try {
    await fs.writeFile(path, data);
  } catch (error) {
    throw new ProcessingError(
      `${describeErrno(error)} while writing temporary files`,
      { cause: error },
    );
  }
}
