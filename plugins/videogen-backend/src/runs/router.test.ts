import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ENVIRONMENTS_CHANGED_TOPIC,
  Run,
  RunLogChunk,
} from '@videogen/plugin-videogen-common';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { containsServerPath } from '../http/scrubServerPaths';
import { API, as, RunsApi, startRunsApi } from './__testUtils__/api';

jest.setTimeout(120_000);

describe('Terraform run API', () => {
  let backend: RunsApi;
  let server: RunsApi['server'];
  const published: unknown[] = [];

  beforeAll(async () => {
    backend = await startRunsApi({ onPublish: p => published.push(p) });
    server = backend.server;
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const api = API;
  const waitForRun = (id: string, statuses: string[]) =>
    backend.waitForRun(id, statuses);

  /** Follows a run's log with long-polls until it is complete. */
  async function followLog(
    id: string,
  ): Promise<{ text: string; polls: number; offset: number }> {
    let offset = 0;
    let text = '';
    for (let polls = 1; ; polls++) {
      const res = await request(server).get(
        `${api}/runs/${id}/log?offset=${offset}&waitSeconds=10`,
      );
      expect(res.status).toBe(200);
      const chunk: RunLogChunk = res.body;
      expect(chunk.offset).toBe(offset);
      text += chunk.text;
      offset = chunk.nextOffset;
      if (chunk.complete) return { text, polls, offset };
      if (polls > 200) throw new Error('The log never completed');
    }
  }

  it('requires credentials on every route', async () => {
    const routes: Array<[string, string]> = [
      ['get', '/environments'],
      ['post', '/environments'],
      ['get', '/environments/local'],
      ['post', '/environments/local/runs'],
      ['get', '/environments/local/runs'],
      ['get', '/runs/x'],
      ['get', '/runs/x/log'],
      ['post', '/runs/x/cancel'],
      ['post', '/runs/x/approve'],
      ['post', '/environments/local/force-unlock'],
    ];
    for (const [method, route] of routes) {
      const res = await (request(server) as any)
        [method](`${api}${route}`)
        .set('Authorization', mockCredentials.none.header())
        .send({});
      expect([route, res.status]).toEqual([route, 401]);
    }
  });

  it('creates environments, validating what it is given', async () => {
    const created = await request(server)
      .post(`${api}/environments`)
      .set('Authorization', as('dev'))
      .send({
        name: 'api-dev',
        target: 'local',
        variables: { queue_name: 'api-queue' },
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'api-dev',
      target: 'local',
      region: 'local',
      variables: { queue_name: 'api-queue' },
      requireApproval: false,
      builtIn: false,
      status: 'NEW',
      outputs: {},
      createdBy: 'user:default/dev',
    });
    expect(published).toContainEqual({
      topic: ENVIRONMENTS_CHANGED_TOPIC,
      eventPayload: { environment: 'api-dev', status: 'NEW' },
    });

    const aws = await request(server).post(`${api}/environments`).send({
      name: 'api-prod',
      target: 'aws',
      region: 'eu-west-1',
      stateBucket: 'videogen-terraform-state-bucket-1x2y',
    });
    expect(aws.status).toBe(201);
    expect(aws.body).toMatchObject({
      region: 'eu-west-1',
      requireApproval: true,
      stateBucket: 'videogen-terraform-state-bucket-1x2y',
    });
    const stored = await request(server).get(`${api}/environments/api-prod`);
    expect(stored.body.stateBucket).toBe(
      'videogen-terraform-state-bucket-1x2y',
    );

    const cases: Array<[object, number, string | RegExp]> = [
      [
        { name: 'api-dev', target: 'local' },
        409,
        /^Environment api-dev already exists \(status NEW, created by user:default\/dev at .*\); choose another name, or destroy it first\.$/,
      ],
      [
        { name: 'Bad_Name', target: 'local' },
        400,
        /is not a valid environment name/,
      ],
      [
        { name: 'api-x', target: 'aws' },
        400,
        'An aws environment needs a region, such as "eu-west-1".',
      ],
      [
        { name: 'api-x', target: 'aws', region: 'europe-1' },
        400,
        '"europe-1" is not an AWS region name; use one such as "us-east-1" or "eu-central-1".',
      ],
      [
        { name: 'api-x', target: 'gcp' },
        400,
        /target must be "local" or "aws"/,
      ],
      [
        { name: 'api-x', target: 'local', variables: { name: 'other' } },
        400,
        'Variable "name" is set by the run engine for local environments; leave it out.',
      ],
      [
        { name: 'api-x', target: 'local', variables: { nested: { a: 1 } } },
        400,
        /variables/,
      ],
      [
        {
          name: 'api-x',
          target: 'aws',
          region: 'eu-west-1',
          stateBucket: 'Not_A_Bucket',
        },
        400,
        '"Not_A_Bucket" is not an S3 bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens.',
      ],
      [
        { name: 'api-x', target: 'local', extra: 1 },
        400,
        /Unknown field\(s\) extra/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await request(server).post(`${api}/environments`).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([
        JSON.stringify(body),
        status,
      ]);
      expect(res.body.error.message).toMatch(message);
    }

    const viewer = await request(server)
      .post(`${api}/environments`)
      .set('Authorization', as('viewer'))
      .send({ name: 'api-viewer', target: 'local' });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toBe(
      'You are not allowed to create environments.',
    );
  });

  it('plans, applies, follows logs, refuses a concurrent run, and destroys through the API', async () => {
    const denied = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .set('Authorization', as('viewer'))
      .send({ operation: 'plan' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'You are not allowed to plan environments.',
    );

    const plan = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .set('Authorization', as('dev'))
      .send({ operation: 'plan' });
    expect(plan.status).toBe(202);
    expect(plan.body).toMatchObject({
      environment: 'api-dev',
      operation: 'plan',
      status: 'PENDING',
      requestedBy: 'user:default/dev',
      logSize: 0,
    });
    const planned = await waitForRun(plan.body.id, ['SUCCEEDED', 'FAILED']);
    expect(planned).toMatchObject({
      status: 'SUCCEEDED',
      planSummary: { add: 3, change: 0, destroy: 0 },
    });

    const apply = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .set('Authorization', as('dev'))
      .send({ operation: 'apply' });
    expect(apply.status).toBe(202);
    const second = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .set('Authorization', as('dev'))
      .send({ operation: 'plan' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      new RegExp(
        `^Environment api-dev has run ${apply.body.id} \\(apply\\) started by user:default/dev at \\S+Z; wait for it to finish or cancel it\\.$`,
      ),
    );

    const { text, offset } = await followLog(apply.body.id);
    expect(text).toContain(
      'Apply complete! Resources: 3 added, 0 changed, 0 destroyed.',
    );
    const applied = await waitForRun(apply.body.id, ['SUCCEEDED', 'FAILED']);
    expect(applied.status).toBe('SUCCEEDED');
    expect(offset).toBe(applied.logSize);

    // The local root's outputs name the server's storage directory: readers
    // see that there is one, never where it is (outputs, log and listings).
    const env = await request(server).get(`${api}/environments/api-dev`);
    expect(env.body).toMatchObject({
      status: 'READY',
      lastRunId: apply.body.id,
      outputs: {
        environment_name: 'api-dev',
        job_queue_name: 'api-queue',
        region: 'local',
        storage_path: '[path]',
        uploads_bucket: '[path]',
        videos_bucket: '[path]',
      },
    });
    expect(text).toMatch(/storage_path = "\[path\]"/);
    const listed = await request(server).get(`${api}/environments`);
    const runAnswer = await request(server).get(`${api}/runs/${apply.body.id}`);
    for (const answer of [env.body, listed.body, runAnswer.body, text]) {
      expect(containsServerPath(JSON.stringify(answer))).toBe(false);
    }

    const runs = await request(server).get(`${api}/environments/api-dev/runs`);
    expect(runs.body.items.map((r: Run) => r.id)).toEqual([
      apply.body.id,
      plan.body.id,
    ]);

    const finishedCancel = await request(server).post(
      `${api}/runs/${apply.body.id}/cancel`,
    );
    expect(finishedCancel.status).toBe(409);

    const destroyByDev = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .set('Authorization', as('dev'))
      .send({ operation: 'destroy' });
    expect(destroyByDev.status).toBe(403);
    expect(destroyByDev.body.error.message).toBe(
      'You are not allowed to destroy environments.',
    );

    const destroy = await request(server)
      .post(`${api}/environments/api-dev/runs`)
      .send({ operation: 'destroy' });
    expect(destroy.status).toBe(202);
    expect(
      (await waitForRun(destroy.body.id, ['SUCCEEDED', 'FAILED'])).status,
    ).toBe('SUCCEEDED');
    const destroyed = await request(server).get(`${api}/environments/api-dev`);
    expect(destroyed.body.status).toBe('DESTROYED');
    // The event goes out once the run is stored as finished, so it may
    // arrive just after the run reads SUCCEEDED.
    const destroyedEvent = {
      topic: ENVIRONMENTS_CHANGED_TOPIC,
      eventPayload: {
        environment: 'api-dev',
        runId: destroy.body.id,
        status: 'DESTROYED',
        runStatus: 'SUCCEEDED',
      },
    };
    for (let i = 0; i < 100; i++) {
      if (published.some(p => isDeepStrictEqual(p, destroyedEvent))) break;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(published).toContainEqual(destroyedEvent);

    // The name can be used again; the history stays.
    const again = await request(server)
      .post(`${api}/environments`)
      .send({ name: 'api-dev', target: 'local' });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('NEW');
    const history = await request(server).get(
      `${api}/environments/api-dev/runs?limit=1`,
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: destroy.body.id }),
    ]);
  });

  it('applies only after approval by an approver other than the user who started it', async () => {
    await request(server)
      .post(`${api}/environments`)
      .send({ name: 'api-gated', target: 'local', requireApproval: true })
      .expect(201);
    const apply = await request(server)
      .post(`${api}/environments/api-gated/runs`)
      .send({ operation: 'apply' });
    const waiting = await waitForRun(apply.body.id, [
      'AWAITING_APPROVAL',
      'FAILED',
    ]);
    expect(waiting.status).toBe('AWAITING_APPROVAL');

    // Provisioning is not approving.
    for (const user of ['viewer', 'dev'] as const) {
      const refused = await request(server)
        .post(`${api}/runs/${apply.body.id}/approve`)
        .set('Authorization', as(user));
      expect([user, refused.status, refused.body.error.message]).toEqual([
        user,
        403,
        'You are not allowed to approve Terraform runs.',
      ]);
    }
    // Four eyes: the mock user started it, so may not approve it.
    const ownRun = await request(server).post(
      `${api}/runs/${apply.body.id}/approve`,
    );
    expect(ownRun.status).toBe(403);
    expect(ownRun.body.error.message).toBe(
      'You started this run, so someone else must approve it (four eyes).',
    );

    const approved = await request(server)
      .post(`${api}/runs/${apply.body.id}/approve`)
      .set('Authorization', as('approver'));
    expect(approved.status).toBe(202);
    expect(approved.body).toMatchObject({
      status: 'RUNNING',
      approvedBy: 'user:default/approver',
    });
    expect(
      (await waitForRun(apply.body.id, ['SUCCEEDED', 'FAILED'])).status,
    ).toBe('SUCCEEDED');

    const twice = await request(server)
      .post(`${api}/runs/${apply.body.id}/approve`)
      .set('Authorization', as('approver'));
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(
      `Run ${apply.body.id} is not waiting for approval (status SUCCEEDED).`,
    );
  });

  it('authorizes a cancel before looking the run up, so run IDs cannot be probed', async () => {
    await request(server)
      .post(`${api}/environments`)
      .send({ name: 'api-probe', target: 'local' })
      .expect(201);
    const plan = await request(server)
      .post(`${api}/environments/api-probe/runs`)
      .send({ operation: 'plan' })
      .expect(202);
    await waitForRun(plan.body.id, ['SUCCEEDED', 'FAILED']);

    // Without read permission: the same 403 for a real and a made-up run.
    for (const id of [plan.body.id, '7c0ffee0-0000-4000-8000-000000000000']) {
      const res = await request(server)
        .post(`${api}/runs/${id}/cancel`)
        .set('Authorization', as('nobody'));
      expect([id, res.status, res.body.error.message]).toEqual([
        id,
        403,
        'You are not allowed to read environments and their Terraform runs.',
      ]);
    }

    // Someone who may read runs learns that one is missing...
    const missing = await request(server)
      .post(`${api}/runs/7c0ffee0-0000-4000-8000-000000000000/cancel`)
      .set('Authorization', as('viewer'));
    expect(missing.status).toBe(404);
    // ...but still may not cancel someone else's plan.
    const byViewer = await request(server)
      .post(`${api}/runs/${plan.body.id}/cancel`)
      .set('Authorization', as('viewer'));
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.error.message).toBe(
      'Only user:default/mock, who started this run, or an approver may cancel it.',
    );
  });

  it('refuses to destroy the built-in environment, and checks the other requests', async () => {
    const builtIn = await request(server)
      .post(`${api}/environments/local/runs`)
      .send({ operation: 'destroy' });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.error.message).toBe(
      'Environment local is built in (declared in videogen.environments), so it cannot be destroyed; remove it from the configuration instead.',
    );

    const badOperation = await request(server)
      .post(`${api}/environments/local/runs`)
      .send({ operation: 'import' });
    expect(badOperation.status).toBe(400);
    expect(badOperation.body.error.message).toMatch(
      /operation must be "plan", "apply" or "destroy"/,
    );

    expect((await request(server).get(`${api}/runs/nope`)).status).toBe(404);
    expect(
      (await request(server).get(`${api}/environments/nope/runs`)).status,
    ).toBe(404);
    const tooLong = await request(server).get(
      `${api}/runs/nope/log?offset=0&waitSeconds=26`,
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('waitSeconds may be at most 25.');

    const nobody = await request(server)
      .get(`${api}/environments/local/runs`)
      .set('Authorization', as('nobody'));
    expect(nobody.status).toBe(403);
  });

  it('checks the shape of a run request and a lock ID before the engine sees them', async () => {
    for (const drainTimeoutSeconds of [-1, 1.5, 3601]) {
      const res = await request(server)
        .post(`${api}/environments/local/runs`)
        .send({ operation: 'plan', drainTimeoutSeconds });
      expect([drainTimeoutSeconds, res.status]).toEqual([
        drainTimeoutSeconds,
        400,
      ]);
      expect(res.body.error.message).toMatch(/drainTimeoutSeconds/);
    }

    const badLock = await request(server)
      .post(`${api}/environments/local/force-unlock`)
      .set('Authorization', as('admin'))
      .send({ lockId: '../../etc/passwd' });
    expect(badLock.status).toBe(400);
    expect(badLock.body.error.message).toMatch(/lock ?id/i);
  });

  it('lets only administrators force-unlock, and says when there is no lock', async () => {
    const byUser = await request(server)
      .post(`${api}/environments/local/force-unlock`)
      .send({ lockId: '96f0b1ae-34a2-faca-71b6-aa6c43e1a5ca' });
    expect(byUser.status).toBe(403);
    expect(byUser.body.error.message).toBe(
      "You are not allowed to force-unlock an environment's Terraform state.",
    );

    const noBody = await request(server)
      .post(`${api}/environments/local/force-unlock`)
      .set('Authorization', as('admin'))
      .send({});
    expect(noBody.status).toBe(400);

    const notLocked = await request(server)
      .post(`${api}/environments/local/force-unlock`)
      .set('Authorization', as('admin'))
      .send({ lockId: '96f0b1ae-34a2-faca-71b6-aa6c43e1a5ca' });
    expect(notLocked.status).toBe(409);
    expect(notLocked.body.error.message).toMatch(
      /^terraform force-unlock failed \(exit code 1\): .*not locked/i,
    );
  });
});
