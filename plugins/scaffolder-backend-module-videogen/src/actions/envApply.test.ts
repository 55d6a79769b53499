import { createEnvApplyAction } from './envApply';
import {
  actionContext,
  startVideogenBackend,
} from '../__testUtils__/videogenBackend';

jest.setTimeout(120_000);

describe('videogen:env:apply', () => {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  beforeAll(async () => {
    backend = await startVideogenBackend();
  });
  afterAll(() => backend.stop());

  const action = () =>
    createEnvApplyAction({ discovery: backend.discovery, auth: backend.auth });

  it('creates a local environment, streams the terraform log into the task and outputs its Terraform outputs', async () => {
    const { ctx, lines, outputs } = actionContext({
      name: 'apply-demo',
      target: 'local',
    });

    await action().handler(ctx);

    expect(outputs.status).toBe('SUCCEEDED');
    expect(outputs.awaitingApproval).toBe(false);
    expect(outputs.entityRef).toBe('resource:default/apply-demo');
    expect(outputs.outputs).toMatchObject({
      environment_name: 'apply-demo',
      region: 'local',
    });
    expect(lines.join('\n')).toMatch(/Apply complete!/);
    const environment = await backend.api('GET', '/environments/apply-demo');
    expect(environment.body.status).toBe('READY');
  });

  it('stops at AWAITING_APPROVAL when approval is required, and a second provision of the same name is refused naming the holder', async () => {
    const { ctx, outputs } = actionContext({
      name: 'approval-demo',
      target: 'local',
      requireApproval: true,
    });

    await action().handler(ctx);

    expect(outputs.status).toBe('AWAITING_APPROVAL');
    expect(outputs.awaitingApproval).toBe(true);
    const environment = await backend.api('GET', '/environments/approval-demo');
    expect(environment.body.status).not.toBe('READY');

    // The plan waiting for approval holds the environment's only run slot.
    const second = actionContext({ name: 'approval-demo', target: 'local' });
    await expect(action().handler(second.ctx)).rejects.toThrow(
      new RegExp(
        `videogen API answered 409: .*${outputs.runId}.*started by user:default/mock`,
      ),
    );
    await backend.api('POST', `/runs/${outputs.runId}/cancel`);
  });

  it('re-attaches to the run kept in its checkpoint instead of starting a second run', async () => {
    const checkpoints = new Map<string, unknown>();
    const first = actionContext(
      { name: 'recover-demo', target: 'local' },
      { checkpoints },
    );
    await action().handler(first.ctx);

    // The task is recovered after a restart: same checkpoints, same step.
    const again = actionContext(
      { name: 'recover-demo', target: 'local' },
      { checkpoints },
    );
    await action().handler(again.ctx);

    expect(again.outputs.runId).toBe(first.outputs.runId);
    const runs = await backend.api('GET', '/environments/recover-demo/runs');
    expect(runs.body.items).toHaveLength(1);
  });

  it('only plans in a dry run, and creates nothing for a new environment', async () => {
    const { ctx, lines, outputs } = actionContext(
      { name: 'dry-apply-demo', target: 'local' },
      { isDryRun: true },
    );

    await action().handler(ctx);

    expect(outputs.status).toBe('DRY_RUN');
    expect(lines.join('\n')).toContain(
      'Dry run: would create environment dry-apply-demo',
    );
    expect(
      (await backend.api('GET', '/environments/dry-apply-demo')).status,
    ).toBe(404);
  });

  it('cancels its run when the task is aborted', async () => {
    const controller = new AbortController();
    const { ctx } = actionContext(
      { name: 'abort-demo', target: 'local' },
      { signal: controller.signal },
    );
    controller.abort();

    await expect(action().handler(ctx)).rejects.toThrow(
      /cancelled because the task was aborted/,
    );
    const runs = await backend.api('GET', '/environments/abort-demo/runs');
    expect(runs.body.items).toHaveLength(1);
    expect(['CANCELLED', 'SUCCEEDED']).toContain(runs.body.items[0].status);
  });

  it('refuses an aws environment without a region, with a sentence', async () => {
    const { ctx } = actionContext({ name: 'no-region', target: 'aws' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'Environment no-region targets aws: give its region, such as eu-west-1.',
    );
  });
});
