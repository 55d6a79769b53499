import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  BATCH_MANIFESTS_TEMPLATE,
  EKS_BEARER,
  FakeKubernetesApi,
  startFakeKubernetesApi,
} from '../kubernetes/__testUtils__/fakeKubernetesApi';
import { createHarness, Harness } from './__testUtils__/harness';

jest.setTimeout(180_000);

const FIXTURE_ROOT = path.resolve(
  __dirname,
  '../terraform/__fixtures__/batch-on-eks/aws',
);

/** Credentials of the backend's AWS integration; they sign the EKS token. */
const CREDENTIALS = {
  accessKeyId: 'AKIACANARYKEYID00001',
  secretAccessKey: 'canary-secret-access-key-0123456789abcdef',
  sessionToken: 'canary-session-token-0123456789abcdef',
};

/**
 * The first provision of an aws environment, Batch on EKS: apply with
 * batch_kubernetes_prepared = false, the namespace and RBAC applied to the
 * cluster, a second apply with true. The aws root is a stand-in with
 * built-in resources (__fixtures__/batch-on-eks), the cluster a loopback
 * HTTPS server that behaves like the Kubernetes API; the token generator
 * and the applier are the real ones.
 */
describe('RunEngine: Batch on EKS after the first apply', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let harness: Harness | undefined;
  let api: FakeKubernetesApi | undefined;
  let rootsDir: string;

  beforeEach(() => {
    rootsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-eks-roots-'));
    fs.cpSync(FIXTURE_ROOT, path.join(rootsDir, 'aws'), { recursive: true });
  });

  afterEach(async () => {
    await harness?.close();
    await api?.close();
    harness = undefined;
    api = undefined;
    fs.rmSync(rootsDir, { recursive: true, force: true });
  });

  async function start() {
    harness = await createHarness(await databases.init('SQLITE_3'), {
      settings: {
        environmentsDir: rootsDir,
        stateBucket: 'videogen-test-state',
        stateRegion: 'eu-west-1',
      },
      engine: { awsCredentials: async () => CREDENTIALS },
    });
    return harness;
  }

  async function createAwsEnvironment(
    h: Harness,
    name: string,
    cluster: { endpoint: string; caData: string },
  ) {
    await h.environments.create({
      name,
      target: 'aws',
      region: 'eu-west-1',
      variables: {
        cluster_endpoint: cluster.endpoint,
        cluster_ca_data: cluster.caData,
        manifests_template: BATCH_MANIFESTS_TEMPLATE,
      },
      requireApproval: false,
      createdBy: 'user:default/ada',
    });
  }

  it('applies the namespace and RBAC, then applies again with batch_kubernetes_prepared = true; later runs keep it true', async () => {
    api = await startFakeKubernetesApi();
    const h = await start();
    await createAwsEnvironment(h, 'eks', api);

    const run = await h.run('eks', 'apply');
    const log = await h.runs.fullLog(run.id);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      message:
        'Applied: 1 to add, 0 to change, 0 to destroy. Applied the Batch namespace and RBAC to the EKS cluster, then 2 to add, 0 to change, 0 to destroy.',
    });
    const env = await h.environments.get('eks');
    expect(env).toMatchObject({
      status: 'READY',
      outputs: {
        cluster_name: 'eks-cluster',
        batch_kubernetes_prepared: true,
        job_queue_name: 'eks-ce-queue',
      },
    });

    // The objects, in order, each in the run log, between the two applies.
    const applied = [
      'Namespace videogen-jobs',
      'ServiceAccount videogen-jobs/videogen-worker',
      'ClusterRole aws-batch-cluster-role',
      'ClusterRoleBinding aws-batch-cluster-role-binding',
      'Role videogen-jobs/aws-batch-compute-environment-role',
      'RoleBinding videogen-jobs/aws-batch-compute-environment-role-binding',
    ];
    const positions = [
      log.indexOf('[videogen] Plan: 1 to add, 0 to change, 0 to destroy.'),
      log.indexOf(
        `[videogen] Applying the Batch namespace and RBAC to EKS cluster eks-cluster (${api.endpoint}) with server-side apply, field manager videogen.`,
      ),
      ...applied.map(o => log.indexOf(`[videogen] Kubernetes: applied ${o}\n`)),
      log.indexOf(
        '[videogen] Plan with batch_kubernetes_prepared = true: 2 to add, 0 to change, 0 to destroy.',
      ),
      log.indexOf('terraform_data.job_queue[0]: Creation complete'),
    ];
    expect(positions.every(p => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const patches = api.requests.filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(6);
    for (const patch of patches) {
      expect(patch.authorization).toMatch(EKS_BEARER);
      expect(patch.contentType).toBe('application/apply-patch+yaml');
      expect(patch.query.fieldManager).toBe('videogen');
    }

    // Canary: the token (and what signs it) is never logged or stored.
    const token = patches[0].authorization!.replace(/^Bearer /, '');
    const secrets = [
      token,
      token.slice('k8s-aws-v1.'.length, 60),
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url')
        .toString('utf8')
        .match(/X-Amz-Signature=([0-9a-f]+)/)![1],
      CREDENTIALS.secretAccessKey,
      CREDENTIALS.sessionToken,
    ];
    const stored = [
      log,
      JSON.stringify(await h.engine.getRun(run.id)),
      JSON.stringify(await h.environments.get('eks')),
      JSON.stringify(h.logger.info.mock.calls),
      JSON.stringify(h.logger.warn.mock.calls),
      JSON.stringify(h.logger.error.mock.calls),
      JSON.stringify(h.logger.debug.mock.calls),
    ].join('\n');
    for (const secret of secrets) expect(stored).not.toContain(secret);

    // Later runs pass true: false would plan to destroy the job queue.
    expect(await h.run('eks', 'plan')).toMatchObject({
      status: 'SUCCEEDED',
      hasChanges: false,
    });
    expect(await h.run('eks', 'apply')).toMatchObject({
      status: 'SUCCEEDED',
      message: 'No changes: the infrastructure matches the configuration.',
    });
    const [drift] = await h.engine.checkDrift();
    expect(await h.engine.getRun(drift.runId!)).toMatchObject({
      status: 'SUCCEEDED',
      hasChanges: false,
    });
    expect(await h.runs.fullLog(drift.runId!)).toContain('-refresh-only');
    // Nothing more was sent to the cluster.
    expect(api.requests.filter(r => r.method === 'PATCH')).toHaveLength(6);

    expect(await h.run('eks', 'destroy')).toMatchObject({
      status: 'SUCCEEDED',
      planSummary: { add: 0, change: 0, destroy: 3 },
    });
  });

  it('fails the run, naming the cluster endpoint, when the API server cannot be reached; the next apply finishes the job', async () => {
    // A port nothing listens on yet.
    const probe = await startFakeKubernetesApi();
    const { endpoint, caData } = probe;
    const port = Number(new URL(endpoint).port);
    await probe.close();
    const h = await start();
    await createAwsEnvironment(h, 'far', { endpoint, caData });

    const failed = await h.run('far', 'apply');
    expect(failed).toMatchObject({
      status: 'FAILED',
      message: `The Batch namespace and RBAC could not be applied to the EKS cluster of environment far, so its Batch compute environment and job queue were not created: The Kubernetes API at ${endpoint} could not be reached while applying Namespace videogen-jobs (ECONNREFUSED): the cluster endpoint is private unless cluster_endpoint_public_access_cidrs lists the backend's address, so the backend must run inside the environment's VPC (its web tier) or be allowed by those CIDRs. Apply again once that is fixed: the run engine applies them and finishes the environment.`,
    });
    expect(await h.runs.fullLog(failed.id)).not.toContain(
      'batch_kubernetes_prepared = true',
    );
    expect(await h.environments.get('far')).toMatchObject({
      status: 'FAILED',
      outputs: { batch_kubernetes_prepared: false, cluster_endpoint: endpoint },
    });

    // The endpoint answers now: nothing to change in the first apply, then
    // the manifests and the second apply.
    api = await startFakeKubernetesApi({ port });
    const retried = await h.run('far', 'apply');
    expect(retried).toMatchObject({
      status: 'SUCCEEDED',
      message:
        'No changes: the infrastructure matches the configuration. Applied the Batch namespace and RBAC to the EKS cluster, then 2 to add, 0 to change, 0 to destroy.',
    });
    expect(await h.environments.get('far')).toMatchObject({
      status: 'READY',
      outputs: { batch_kubernetes_prepared: true },
    });
  });

  it('says in the run when a cancel came after the apply had passed the point of cancel', async () => {
    api = await startFakeKubernetesApi();
    const { endpoint, caData } = api;
    // The manifests are applied after the first apply committed: a cancel
    // asked for then can no longer stop it, and the run must say so.
    let cancelAnswer: unknown;
    harness = await createHarness(await databases.init('SQLITE_3'), {
      settings: {
        environmentsDir: rootsDir,
        stateBucket: 'videogen-test-state',
        stateRegion: 'eu-west-1',
      },
      engine: {
        awsCredentials: async () => CREDENTIALS,
        kubernetes: {
          apply: async (_target, onApplied) => {
            const [running] = await harness!.engine.listRuns('late');
            cancelAnswer = await harness!.engine.cancel(
              running.id,
              'user:default/bob',
            );
            const object = {
              apiVersion: 'v1',
              kind: 'Namespace',
              name: 'videogen-jobs',
            };
            onApplied(object);
            return [object];
          },
        },
      },
    });
    await createAwsEnvironment(harness, 'late', { endpoint, caData });

    const run = await harness.run('late', 'apply');
    expect(cancelAnswer).toMatchObject({
      status: 'RUNNING',
      message:
        'Cancellation requested by user:default/bob, but the apply is past the point of cancel; the run completes.',
    });
    expect(run.status).toBe('SUCCEEDED');
    const note =
      'Cancellation requested by user:default/bob came when the apply was past the point of cancel; it completed.';
    expect(run.message).toContain(note);
    expect(await harness.runs.fullLog(run.id)).toContain(`[videogen] ${note}`);
  });

  it('refuses batch_kubernetes_prepared from the user: the engine sets it', async () => {
    api = await startFakeKubernetesApi();
    const h = await start();
    await h.environments.create({
      name: 'sneaky',
      target: 'aws',
      region: 'eu-west-1',
      variables: {
        cluster_endpoint: api.endpoint,
        cluster_ca_data: api.caData,
        manifests_template: BATCH_MANIFESTS_TEMPLATE,
        // Stored by a bypass of the API's validation; ignored anyway.
        batch_kubernetes_prepared: true,
      },
      requireApproval: false,
      createdBy: 'user:default/ada',
    });
    const run = await h.run('sneaky', 'apply');
    expect(run.status).toBe('SUCCEEDED');
    expect(api.requests.filter(r => r.method === 'PATCH')).toHaveLength(6);
  });
});
