import request from 'supertest';
import { API, as, RunsApi, startRunsApi, TestUser } from './__testUtils__/api';

jest.setTimeout(120_000);

/**
 * The rules that depend on who asks and whose run it is, tried by two users:
 * `dev` (who starts the runs) and `dev2`, both provisioners, plus an
 * approver and an admin.
 */
describe('Terraform run API authorization between users', () => {
  let backend: RunsApi;

  beforeAll(async () => {
    backend = await startRunsApi();
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const post = (user: TestUser, route: string, body: object = {}) =>
    request(backend.server)
      .post(`${API}${route}`)
      .set('Authorization', as(user))
      .send(body);

  /** A gated environment of `dev`'s, and an apply of dev's waiting on it. */
  async function waitingApply(name: string) {
    await post('dev', '/environments', {
      name,
      target: 'local',
      requireApproval: true,
    }).expect(201);
    const apply = await post('dev', `/environments/${name}/runs`, {
      operation: 'apply',
    }).expect(202);
    const run = await backend.waitForRun(apply.body.id, [
      'AWAITING_APPROVAL',
      'FAILED',
    ]);
    expect(run).toMatchObject({
      status: 'AWAITING_APPROVAL',
      requestedBy: 'user:default/dev',
    });
    return run.id;
  }

  it("refuses to cancel another user's run; its owner and an approver may", async () => {
    const first = await waitingApply('auth-cancel-a');
    const byOther = await post('dev2', `/runs/${first}/cancel`);
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toBe(
      'Only user:default/dev, who started this run, or an approver may cancel it.',
    );
    const byOwner = await post('dev', `/runs/${first}/cancel`);
    expect(byOwner.status).toBe(202);
    expect(byOwner.body.status).toBe('CANCELLED');

    const second = await waitingApply('auth-cancel-b');
    expect((await post('dev2', `/runs/${second}/cancel`)).status).toBe(403);
    const byApprover = await post('approver', `/runs/${second}/cancel`);
    expect(byApprover.status).toBe(202);
    expect(byApprover.body.status).toBe('CANCELLED');
  });

  it('refuses to let the user who started a run approve it', async () => {
    const id = await waitingApply('auth-approve');
    // dev may provision but not approve at all; the admin may approve, but
    // not its own run (below), and here it is dev's.
    expect((await post('dev', `/runs/${id}/approve`)).status).toBe(403);
    const byAdmin = await post('admin', `/runs/${id}/approve`);
    expect(byAdmin.status).toBe(202);
    expect(byAdmin.body.approvedBy).toBe('user:default/admin');
    await backend.waitForRun(id, ['SUCCEEDED', 'FAILED']);

    // An approver who started the run may not approve it either (a new
    // environment: a second apply without changes needs no approval).
    await post('admin', '/environments', {
      name: 'auth-approve-own',
      target: 'local',
      requireApproval: true,
    }).expect(201);
    const plan = await post('admin', '/environments/auth-approve-own/runs', {
      operation: 'apply',
    }).expect(202);
    await backend.waitForRun(plan.body.id, ['AWAITING_APPROVAL']);
    const own = await post('admin', `/runs/${plan.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe(
      'You started this run, so someone else must approve it (four eyes).',
    );
    expect(
      (await post('approver', `/runs/${plan.body.id}/approve`)).status,
    ).toBe(202);
    await backend.waitForRun(plan.body.id, ['SUCCEEDED', 'FAILED']);
  });

  it('refuses admin-only Terraform variables to a provisioner, naming them; an admin may set them', async () => {
    const body = {
      name: 'auth-vars',
      target: 'aws',
      region: 'eu-west-1',
      variables: {
        node_group_max_size: 4,
        worker_image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/w:1',
        restrict_alb_to_cloudfront: false,
      },
    };
    const refused = await post('dev', '/environments', body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Only administrators may set the Terraform variables restrict_alb_to_cloudfront, worker_image; provisioners may set sizes and counts.',
    );
    const one = await post('dev', '/environments', {
      ...body,
      variables: { cluster_admin_principal_arns: '["arn:aws:iam::1:root"]' },
    });
    expect(one.status).toBe(403);
    expect(one.body.error.message).toMatch(
      /^Only administrators may set the Terraform variable cluster_admin_principal_arns;/,
    );
    expect(
      (await request(backend.server).get(`${API}/environments/auth-vars`))
        .status,
    ).toBe(404);

    // Sizes and counts are the provisioner's.
    expect(
      (
        await post('dev', '/environments', {
          ...body,
          name: 'auth-sizes',
          variables: { node_group_max_size: 4, az_count: 2 },
        })
      ).status,
    ).toBe(201);
    const byAdmin = await post('admin', '/environments', body);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.variables).toEqual(body.variables);
  });
});

describe('Terraform run API with allowSelfApproval (the local demo)', () => {
  let backend: RunsApi;

  beforeAll(async () => {
    backend = await startRunsApi({
      videogen: { approval: { allowSelfApproval: true } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('lets the user who started a run approve it', async () => {
    const server = backend.server;
    await request(server)
      .post(`${API}/environments`)
      .send({ name: 'self-approved', target: 'local', requireApproval: true })
      .expect(201);
    const apply = await request(server)
      .post(`${API}/environments/self-approved/runs`)
      .send({ operation: 'apply' })
      .expect(202);
    await backend.waitForRun(apply.body.id, ['AWAITING_APPROVAL']);
    const approved = await request(server).post(
      `${API}/runs/${apply.body.id}/approve`,
    );
    expect(approved.status).toBe(202);
    expect(approved.body.approvedBy).toBe('user:default/mock');
    expect(
      (await backend.waitForRun(apply.body.id, ['SUCCEEDED', 'FAILED'])).status,
    ).toBe('SUCCEEDED');
  });
});
