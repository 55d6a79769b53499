import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleVideogen } from './module';

describe('scaffolderModuleVideogen', () => {
  it('registers the five videogen actions with the scaffolder, each with examples', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleVideogen,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    const actions = addActions.mock.calls.flat();
    expect(actions.map(a => a.id).sort()).toEqual([
      'videogen:env:apply',
      'videogen:env:destroy',
      'videogen:env:plan',
      'videogen:state:bootstrap',
      'videogen:state:remove',
    ]);
    for (const action of actions) {
      expect(action.examples.length).toBeGreaterThan(0);
      expect(action.schema.input).toBeDefined();
    }
  });
});
