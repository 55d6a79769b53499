import { Config } from '@backstage/config';
import path from 'node:path';

/** `videogen.mode`: which adapters (storage, queue, status) the plugin uses. */
export type VideogenMode = 'local' | 'aws';

/** `videogen.mode`, default `local`. */
export function readMode(config: Config): VideogenMode {
  const mode = config.getOptionalString('videogen.mode') ?? 'local';
  if (mode !== 'local' && mode !== 'aws') {
    throw new Error(`Invalid config videogen.mode: use local or aws`);
  }
  return mode;
}

/** Absolute `videogen.dataDir` (default `.data`), resolved against `cwd`. */
export function readDataDir(config: Config, options: { cwd?: string } = {}) {
  return path.resolve(
    options.cwd ?? process.cwd(),
    config.getOptionalString('videogen.dataDir') ?? '.data',
  );
}
