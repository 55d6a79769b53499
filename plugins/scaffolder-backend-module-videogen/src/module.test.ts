import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleVideogen } from './module';

describe('scaffolderModuleVideogen', () => {
  it('registers its actions with the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleVideogen,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
  });
});
