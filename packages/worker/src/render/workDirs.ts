import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ProcessingError, describeErrno } from '../errors';

/** Work directories of the renders in progress in this process. */
const liveWorkDirs = new Set<string>();

/**
 * Creates a render's work directory below VIDEOGEN_TMPDIR (or the system's
 * temp directory) and remembers it until {@link releaseWorkDir}.
 */
export async function createWorkDir(env: NodeJS.ProcessEnv): Promise<string> {
  const tmpRoot = env.VIDEOGEN_TMPDIR?.trim() || os.tmpdir();
  try {
    const work = await fs.mkdtemp(join(tmpRoot, 'videogen-'));
    liveWorkDirs.add(work);
    return work;
  } catch (error) {
    throw new ProcessingError(
      `cannot create a temporary directory in ${tmpRoot}: ${describeErrno(
        error,
      )}`,
    );
  }
}

/**
 * Removes a finished render's work directory, or, with
 * VIDEOGEN_KEEP_WORKDIR set, keeps it for debugging with the commands run.
 * Never throws: cleanup must not hide the render's own outcome.
 */
export async function releaseWorkDir(
  work: string,
  env: NodeJS.ProcessEnv,
  commands: ReadonlyArray<{ program: string; args: string[] }>,
): Promise<void> {
  if (/^(1|true|yes)$/i.test(env.VIDEOGEN_KEEP_WORKDIR ?? '')) {
    await fs
      .writeFile(join(work, 'commands.json'), JSON.stringify(commands, null, 1))
      .catch(() => undefined);
  } else {
    await fs
      .rm(work, { recursive: true, force: true, maxRetries: 3 })
      .catch(() => undefined);
  }
  liveWorkDirs.delete(work);
}

/**
 * Removes the work directories of unfinished renders synchronously: the last
 * thing the CLI does when cleanup after a signal hangs and it must end itself
 * without waiting for the event loop.
 */
export function removeWorkDirsNow(): void {
  for (const dir of liveWorkDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: the process is about to end anyway.
    }
  }
  liveWorkDirs.clear();
}
