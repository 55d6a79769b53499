import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const PACKAGE_NAME = '@videogen/plugin-videogen-backend';

/**
 * Where the Terraform roots (`local/`, `aws/`) are when
 * `videogen.terraform.environmentsDir` does not say: inside the installed
 * package (`assets/terraform`, copied in when it is packed), else the
 * repository's own `terraform/` (a checkout of this repository, where the
 * package is not packed). The first that exists wins; when neither does the
 * packaged path is returned, so the error names where a published package
 * keeps them.
 */
export function defaultEnvironmentsDir(
  options: {
    packageDir?: string;
    exists?: (dir: string) => boolean;
  } = {},
): string {
  const packageDir =
    options.packageDir ?? resolvePackagePath(PACKAGE_NAME);
  const exists = options.exists ?? (dir => fs.existsSync(dir));
  const candidates = [
    path.join(packageDir, 'assets', 'terraform', 'environments'),
    path.resolve(packageDir, '..', '..', 'terraform', 'environments'),
  ];
  return candidates.find(exists) ?? candidates[0];
}
