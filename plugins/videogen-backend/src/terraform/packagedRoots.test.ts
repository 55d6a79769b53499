import path from 'node:path';
import { defaultEnvironmentsDir } from './packagedRoots';

describe('defaultEnvironmentsDir', () => {
  const packageDir = '/app/node_modules/@videogen/plugin-videogen-backend';
  const packaged = path.join(packageDir, 'assets/terraform/environments');

  it('prefers the roots packed into the installed package', () => {
    expect(
      defaultEnvironmentsDir({ packageDir, exists: dir => dir === packaged }),
    ).toBe(packaged);
  });

  it("falls back to the repository's terraform/ in a checkout", () => {
    expect(
      defaultEnvironmentsDir({
        packageDir: '/repo/plugins/videogen-backend',
        exists: dir => dir === '/repo/terraform/environments',
      }),
    ).toBe('/repo/terraform/environments');
  });

  it('names the packaged location when neither exists', () => {
    expect(defaultEnvironmentsDir({ packageDir, exists: () => false })).toBe(
      packaged,
    );
  });

  it('finds the roots of this checkout by default', () => {
    expect(defaultEnvironmentsDir()).toBe(
      path.resolve(__dirname, '../../../../terraform/environments'),
    );
  });
});
