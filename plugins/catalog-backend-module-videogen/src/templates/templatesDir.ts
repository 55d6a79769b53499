import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The package whose published tarball carries the templates. */
export const SCAFFOLDER_MODULE_PACKAGE =
  '@videogen/plugin-scaffolder-backend-module-videogen';

function packageDir(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Where the provision and teardown templates are: in the scaffolder module's
 * package (`assets/templates`, copied in when it is packed), installed
 * beside this one in the app; else, in a checkout of this repository, its
 * `templates/` folder. Undefined when neither exists (the scaffolder module
 * is not installed).
 */
export function findTemplatesDir(
  options: {
    scaffolderModuleDir?: string;
    ownPackageDir?: string;
    exists?: (dir: string) => boolean;
  } = {},
): string | undefined {
  const scaffolderModuleDir =
    options.scaffolderModuleDir ?? packageDir(SCAFFOLDER_MODULE_PACKAGE);
  const ownPackageDir =
    options.ownPackageDir ??
    resolvePackagePath('@videogen/plugin-catalog-backend-module-videogen');
  const exists = options.exists ?? (dir => fs.existsSync(dir));
  const candidates = [
    ...(scaffolderModuleDir
      ? [path.join(scaffolderModuleDir, 'assets', 'templates')]
      : []),
    path.resolve(ownPackageDir, '..', '..', 'templates'),
  ];
  return candidates.find(exists);
}
