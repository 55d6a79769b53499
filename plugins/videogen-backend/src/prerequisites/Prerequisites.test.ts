import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Prerequisites } from './Prerequisites';

describe('Prerequisites', () => {
  const config = new ConfigReader({ videogen: { mode: 'aws' } });

  it('logs one line per missing prerequisite at start, with what to install', async () => {
    const logger = mockServices.logger.mock();
    await Prerequisites.atStart({ config, env: { PATH: '' }, logger });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Prerequisite missing: terraform is missing: .* Install Terraform/,
      ),
    );
  });

  it('re-checks once its answer is older than the maximum age', async () => {
    let now = 0;
    const env: NodeJS.ProcessEnv = { PATH: '' };
    const prerequisites = await Prerequisites.atStart({
      config,
      env,
      logger: mockServices.logger.mock(),
      maxAgeMs: 1000,
      now: () => now,
    });
    const first = prerequisites.current();
    now = 999;
    expect(prerequisites.current()).toBe(first);
    now = 1000;
    expect(prerequisites.current()).not.toBe(first);
  });
});
