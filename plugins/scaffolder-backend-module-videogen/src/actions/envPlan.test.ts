import { createEnvPlanAction } from './envPlan';
import {
  actionContext,
  startVideogenBackend,
} from '../__testUtils__/videogenBackend';

jest.setTimeout(120_000);

describe('videogen:env:plan', () => {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  beforeAll(async () => {
    backend = await startVideogenBackend();
  });
  afterAll(() => backend.stop());

  const action = () =>
    createEnvPlanAction({ discovery: backend.discovery, auth: backend.auth });

  it('plans a new local environment and outputs the plan summary, changing nothing', async () => {
    const { ctx, lines, outputs } = actionContext({
      name: 'plan-demo',
      target: 'local',
    });

    await action().handler(ctx);

    expect(outputs.status).toBe('SUCCEEDED');
    expect(outputs.hasChanges).toBe(true);
    expect(outputs.add).toBeGreaterThan(0);
    expect(outputs.destroy).toBe(0);
    expect(lines.join('\n')).toMatch(
      /Plan: \d+ to add, 0 to change, 0 to destroy/,
    );
    const environment = await backend.api('GET', '/environments/plan-demo');
    expect(environment.body.outputs).toEqual({});
  });
});
