import path from 'node:path';
import { findTemplatesDir } from './templatesDir';

describe('findTemplatesDir', () => {
  const app = '/app/node_modules/@videogen';
  const packaged = `${app}/plugin-scaffolder-backend-module-videogen/assets/templates`;

  it("prefers the templates packed into the scaffolder module's package", () => {
    expect(
      findTemplatesDir({
        scaffolderModuleDir: `${app}/plugin-scaffolder-backend-module-videogen`,
        ownPackageDir: `${app}/plugin-catalog-backend-module-videogen`,
        exists: dir => dir === packaged,
      }),
    ).toBe(packaged);
  });

  it('is undefined when the scaffolder module is not installed', () => {
    expect(
      findTemplatesDir({
        scaffolderModuleDir: undefined,
        ownPackageDir: `${app}/plugin-catalog-backend-module-videogen`,
        exists: () => false,
      }),
    ).toBeUndefined();
  });

  it("finds the repository's templates/ in a checkout", () => {
    expect(findTemplatesDir()).toBe(
      path.resolve(__dirname, '../../../../templates'),
    );
  });
});
