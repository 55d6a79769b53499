import { createEnvApplyAction } from './envApply';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  actionContext,
  HANGING_ROOTS,
  startVideogenBackend,
} from '../__testUtils__/videogenBackend';

jest.setTimeout(120_000);

async function waitFor(condition: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('videogen:env:apply', () => {
  let backend: Awaited<ReturnType<typeof startVideogenBackend>>;
  // A second backend whose applies wait for a gate file, for the tests that
  // abort a run while it is still going (a real local apply may finish
  // before the abort arrives).
  let hanging: Awaited<ReturnType<typeof startVideogenBackend>>;
  let gates: string;
  beforeAll(async () => {
    backend = await startVideogenBackend();
    hanging = await startVideogenBackend({ environmentsDir: HANGING_ROOTS });
    gates = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-gates-'));
  });
  afterAll(async () => {
    // Open every gate so no provisioner outlives the tests.
    for (const name of ['abort-demo', 'retry-demo']) {
      fs.writeFileSync(path.join(gates, name), '');
    }
    await Promise.all([backend.stop(), hanging.stop()]);
    fs.rmSync(gates, { recursive: true, force: true });
  });

  const action = () =>
    createEnvApplyAction({ discovery: backend.discovery, auth: backend.auth });
  const hangingAction = () =>
    createEnvApplyAction({ discovery: hanging.discovery, auth: hanging.auth });
  const gated = (name: string) => ({
    name,
    target: 'local' as const,
    variables: { release_file: path.join(gates, name) },
  });

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
    expect(again.lines).toContain(
      `Re-attaching to Terraform apply run ${first.outputs.runId} (SUCCEEDED), started earlier by this task.`,
    );
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

  it('cancels its run when the task is aborted while the run is in progress', async () => {
    const controller = new AbortController();
    const { ctx, lines } = actionContext(gated('abort-demo'), {
      signal: controller.signal,
    });

    const handled = hangingAction().handler(ctx);
    // Abort once the apply waits at its gate: the run is surely under way.
    await waitFor(() => /Provisioning with/.test(lines.join('\n')));
    controller.abort();

    await expect(handled).rejects.toThrow(
      /cancelled because the task was aborted \(status CANCELLED\)/,
    );
    const runs = await hanging.api('GET', '/environments/abort-demo/runs');
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0].status).toBe('CANCELLED');
  });

  it('starts no run when the task was aborted before the step started', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = actionContext(
      { name: 'aborted-early', target: 'local' },
      { signal: controller.signal },
    );

    await expect(action().handler(ctx)).rejects.toThrow(
      'The task was aborted before the Terraform apply run of environment aborted-early started: no run was started.',
    );
    const runs = await backend.api('GET', '/environments/aborted-early/runs');
    expect(runs.body.items ?? []).toHaveLength(0);
  });

  it('starts a new run when a retried task finds its checkpointed run CANCELLED, and outputs the new run', async () => {
    const checkpoints = new Map<string, unknown>();
    const controller = new AbortController();
    const first = actionContext(gated('retry-demo'), {
      checkpoints,
      signal: controller.signal,
    });
    const handled = hangingAction().handler(first.ctx);
    await waitFor(() => /Provisioning with/.test(first.lines.join('\n')));
    controller.abort();
    await expect(handled).rejects.toThrow(/status CANCELLED/);

    // The scaffolder's "retry" runs the step again with the task's saved
    // checkpoints; this time the gate is open.
    fs.writeFileSync(path.join(gates, 'retry-demo'), '');
    const retry = actionContext(gated('retry-demo'), { checkpoints });
    await hangingAction().handler(retry.ctx);

    expect(retry.outputs.status).toBe('SUCCEEDED');
    const runs = await hanging.api('GET', '/environments/retry-demo/runs');
    const byId = new Map(
      runs.body.items.map((run: { id: string; status: string }) => [
        run.id,
        run.status,
      ]),
    );
    expect(byId.size).toBe(2);
    expect(byId.get(retry.outputs.runId as string)).toBe('SUCCEEDED');
    expect([...byId.values()]).toContain('CANCELLED');
    expect(retry.lines.join('\n')).toMatch(
      /Terraform apply run \S+, started earlier by this task, ended CANCELLED; starting a new run\./,
    );

    // Recovering the retried task again re-attaches to the newest run.
    const recovered = actionContext(gated('retry-demo'), { checkpoints });
    await hangingAction().handler(recovered.ctx);
    expect(recovered.outputs.runId).toBe(retry.outputs.runId);
    expect(
      (await hanging.api('GET', '/environments/retry-demo/runs')).body.items,
    ).toHaveLength(2);
  });

  it('starts a new run when a retried task finds its checkpointed run FAILED', async () => {
    const checkpoints = new Map<string, unknown>();
    // The local root's variable validation refuses this queue name, so the
    // plan fails inside terraform and the run ends FAILED (not a 400).
    const input = {
      name: 'retry-failed',
      target: 'local',
      variables: { queue_name: 'not a queue name' },
    };
    const first = actionContext(input, { checkpoints });
    await expect(action().handler(first.ctx)).rejects.toThrow(/ended FAILED/);

    const retry = actionContext(input, { checkpoints });
    await expect(action().handler(retry.ctx)).rejects.toThrow(/ended FAILED/);

    const runs = await backend.api('GET', '/environments/retry-failed/runs');
    expect(
      runs.body.items.map((run: { status: string }) => run.status),
    ).toEqual(['FAILED', 'FAILED']);
  });

  it('refuses an aws environment without a region, with a sentence', async () => {
    const { ctx } = actionContext({ name: 'no-region', target: 'aws' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'Environment no-region targets aws: give its region, such as eu-west-1.',
    );
  });
});
