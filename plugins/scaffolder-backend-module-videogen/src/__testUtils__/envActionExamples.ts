import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { createEnvApplyAction } from '../actions/envApply';
import { actionContext, startVideogenBackend } from './videogenBackend';

/**
 * Runs every example of one `videogen:env:*` action against a real videogen
 * backend. The three actions share this because their examples differ only
 * in the operation, and a destroy example needs an applied environment first.
 */
// A shared test body, not a test file: it declares the hooks and cases of the
// three examples tests that call it, so it has to be exported.
// eslint-disable-next-line jest/no-export
export function describeEnvActionExamples(
  createAction: (options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }) => TemplateAction<any, any, any>,
  examples: TemplateExample[],
) {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  beforeAll(async () => {
    backend = await startVideogenBackend();
  });
  afterAll(() => backend.stop());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const clients = { discovery: backend.discovery, auth: backend.auth };
      const action = createAction(clients);
      const [step] = yaml.parse(example).steps;
      expect(step.action).toBe(action.id);
      const input = step.input;
      // AWS examples would need an AWS account: they run as dry runs, which
      // validate the input and reach the videogen API without creating anything.
      const isDryRun = input.target === 'aws';
      // Something to destroy first.
      if (action.id === 'videogen:env:destroy') {
        await createEnvApplyAction(clients).handler(
          actionContext({ name: input.name, target: 'local' }).ctx,
        );
      }
      const { ctx, outputs } = actionContext(input, { isDryRun });

      await action.handler(ctx);

      expect(outputs.entityRef).toBe(`resource:default/${input.name}`);
      expect(outputs.status).toBe(isDryRun ? 'DRY_RUN' : 'SUCCEEDED');
    },
  );
}
