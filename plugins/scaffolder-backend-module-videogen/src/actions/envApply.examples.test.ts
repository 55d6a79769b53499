import yaml from 'yaml';
import { examples } from './envApply.examples';
import { createEnvApplyAction } from './envApply';
import {
  actionContext,
  startVideogenBackend,
} from '../__testUtils__/videogenBackend';

jest.setTimeout(180_000);

describe('envApply examples', () => {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  beforeAll(async () => {
    backend = await startVideogenBackend();
  });
  afterAll(() => backend.stop());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createEnvApplyAction({
        discovery: backend.discovery,
        auth: backend.auth,
      });
      const [step] = yaml.parse(example).steps;
      expect(step.action).toBe(action.id);
      const input = step.input;
      // AWS examples would need an AWS account: they run as dry runs, which
      // validate the input and reach the videogen API without creating anything.
      const isDryRun = input.target === 'aws';
      if (action.id === 'videogen:env:destroy') {
        // Something to destroy first.
        const apply = createEnvApplyAction({
          discovery: backend.discovery,
          auth: backend.auth,
        });
        await apply.handler(
          actionContext({ name: input.name, target: 'local' }).ctx,
        );
      }
      const { ctx, outputs } = actionContext(input, { isDryRun });

      await action.handler(ctx);

      expect(outputs.entityRef).toBe(`resource:default/${input.name}`);
      expect(outputs.status).toBe(isDryRun ? 'DRY_RUN' : 'SUCCEEDED');
    },
  );
});
