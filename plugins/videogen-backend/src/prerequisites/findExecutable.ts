import fs from 'node:fs';
import path from 'node:path';

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a program would be found the way a child process started without a
 * shell finds it: a path (absolute, or with a slash) is taken as it is, a
 * bare name is looked up in `PATH`. Undefined when it is not there or not
 * executable.
 */
export function findExecutable(
  program: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (program.includes('/')) {
    const file = path.resolve(program);
    return isExecutableFile(file) ? file : undefined;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, program);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}
