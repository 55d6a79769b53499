import { createEnvApplyAction } from './envApply';
import { createEnvDestroyAction } from './envDestroy';
import {
  actionContext,
  startVideogenBackend,
} from '../__testUtils__/videogenBackend';

jest.setTimeout(120_000);

describe('videogen:env:destroy', () => {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  beforeAll(async () => {
    backend = await startVideogenBackend();
    const apply = createEnvApplyAction({
      discovery: backend.discovery,
      auth: backend.auth,
    });
    await apply.handler(actionContext({ name: 'doomed', target: 'local' }).ctx);
  });
  afterAll(() => backend.stop());

  const action = () =>
    createEnvDestroyAction({
      discovery: backend.discovery,
      auth: backend.auth,
    });

  it('destroys nothing when the typed confirmation does not match', async () => {
    const { ctx } = actionContext({ name: 'doomed', confirmation: 'doomd' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'The confirmation "doomd" does not match the environment name "doomed"; nothing was destroyed.',
    );
    expect((await backend.api('GET', '/environments/doomed')).body.status).toBe(
      'READY',
    );
  });

  it('only plans in a dry run', async () => {
    const { ctx, lines } = actionContext(
      { name: 'doomed', confirmation: 'doomed' },
      { isDryRun: true },
    );
    await action().handler(ctx);
    expect(lines.join('\n')).toContain(
      'Dry run: would drain environment doomed',
    );
    expect((await backend.api('GET', '/environments/doomed')).body.status).toBe(
      'READY',
    );
  });

  it('drains and destroys the environment, which then counts as destroyed', async () => {
    const { ctx, lines, outputs } = actionContext({
      name: 'doomed',
      confirmation: 'doomed',
      drainTimeoutSeconds: 5,
    });

    await action().handler(ctx);

    expect(outputs.status).toBe('SUCCEEDED');
    expect(lines.join('\n')).toMatch(
      /Destroy complete!|Resources: 0 added, 0 changed, \d+ destroyed/,
    );
    expect((await backend.api('GET', '/environments/doomed')).body.status).toBe(
      'DESTROYED',
    );
  });

  it('refuses to destroy an environment that does not exist', async () => {
    const { ctx } = actionContext({ name: 'never-was' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'There is no environment named "never-was" to destroy.',
    );
  });
});
