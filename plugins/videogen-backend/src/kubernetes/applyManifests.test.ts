import net from 'node:net';
import selfsigned from 'selfsigned';
import {
  EKS_BEARER,
  FakeKubernetesApi,
  renderBatchManifests,
  startFakeKubernetesApi,
} from './__testUtils__/fakeKubernetesApi';
import {
  AppliedObject,
  applyManifests,
  describeObject,
  ManifestApplyError,
  parseManifests,
} from './applyManifests';

const TOKEN = `k8s-aws-v1.${Buffer.from('https://sts.example/?x=1').toString(
  'base64url',
)}`;

const manifests = renderBatchManifests({
  namespace: 'videogen-jobs',
  service_account_name: 'videogen-worker',
  batch_user: 'aws-batch',
});

describe('applyManifests', () => {
  let api: FakeKubernetesApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('server-side applies every object of the Batch manifests, in order, as videogen', async () => {
    api = await startFakeKubernetesApi();
    const logged: string[] = [];
    const applied = await applyManifests(
      { endpoint: api.endpoint, caData: api.caData, token: TOKEN },
      manifests,
      { onApplied: object => logged.push(describeObject(object)) },
    );
    expect(logged).toEqual([
      'Namespace videogen-jobs',
      'ServiceAccount videogen-jobs/videogen-worker',
      'ClusterRole aws-batch-cluster-role',
      'ClusterRoleBinding aws-batch-cluster-role-binding',
      'Role videogen-jobs/aws-batch-compute-environment-role',
      'RoleBinding videogen-jobs/aws-batch-compute-environment-role-binding',
    ]);
    expect(applied.map(describeObject)).toEqual(logged);
    expect(api.paths()).toEqual([
      '/api/v1/namespaces/videogen-jobs',
      '/api/v1/namespaces/videogen-jobs/serviceaccounts/videogen-worker',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/aws-batch-cluster-role',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/aws-batch-cluster-role-binding',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/videogen-jobs/roles/aws-batch-compute-environment-role',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/videogen-jobs/rolebindings/aws-batch-compute-environment-role-binding',
    ]);

    const patches = api.requests.filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(6);
    for (const patch of patches) {
      expect(patch.authorization).toBe(`Bearer ${TOKEN}`);
      expect(patch.authorization).toMatch(EKS_BEARER);
      expect(patch.contentType).toBe('application/apply-patch+yaml');
      expect(patch.query).toMatchObject({
        fieldManager: 'videogen',
        force: 'true',
      });
    }
    // The objects arrive whole: fields the client's model knows by other
    // names, and those it does not model, are kept.
    expect(patches[1].body).toMatchObject({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'videogen-worker', namespace: 'videogen-jobs' },
      automountServiceAccountToken: false,
    });
    expect(patches[3].body).toMatchObject({
      subjects: [
        {
          kind: 'User',
          name: 'aws-batch',
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      roleRef: { kind: 'ClusterRole', name: 'aws-batch-cluster-role' },
    });
    expect(patches[4].body).toMatchObject({
      rules: expect.arrayContaining([
        {
          apiGroups: [''],
          resources: ['pods'],
          verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'],
        },
      ]),
    });
  });

  it('is idempotent: applying the same manifests again changes nothing', async () => {
    api = await startFakeKubernetesApi();
    const cluster = {
      endpoint: api.endpoint,
      caData: api.caData,
      token: TOKEN,
    };
    await applyManifests(cluster, manifests);
    const versions = api.versions();
    const firstBodies = api.requests
      .filter(r => r.method === 'PATCH')
      .map(r => r.body);
    const again: AppliedObject[] = await applyManifests(cluster, manifests);
    expect(again).toHaveLength(6);
    expect(api.versions()).toEqual(versions);
    expect(
      api.requests
        .filter(r => r.method === 'PATCH')
        .slice(6)
        .map(r => r.body),
    ).toEqual(firstBodies);
  });

  it('names the endpoint when the API server cannot be reached', async () => {
    api = await startFakeKubernetesApi();
    const { endpoint, caData } = api;
    await api.close();
    api = undefined;
    const failure = applyManifests(
      { endpoint, caData, token: TOKEN },
      manifests,
    );
    await expect(failure).rejects.toThrow(ManifestApplyError);
    await expect(failure).rejects.toThrow(
      `The Kubernetes API at ${endpoint} could not be reached while applying Namespace videogen-jobs (ECONNREFUSED): the cluster endpoint is private unless cluster_endpoint_public_access_cidrs lists the backend's address, so the backend must run inside the environment's VPC (its web tier) or be allowed by those CIDRs.`,
    );
  });

  it('gives up on an API server that does not answer', async () => {
    api = await startFakeKubernetesApi();
    const { caData } = api;
    // A TCP server that accepts and never answers.
    const silent = net.createServer(() => {});
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(
        applyManifests(
          { endpoint: `https://127.0.0.1:${port}`, caData, token: TOKEN },
          manifests,
          { requestTimeoutMs: 300 },
        ),
      ).rejects.toThrow(
        `The Kubernetes API at https://127.0.0.1:${port} could not be reached while applying Namespace videogen-jobs (no answer within 0.3 s)`,
      );
    } finally {
      silent.close();
    }
  });

  it('refuses a server whose certificate the CA does not vouch for', async () => {
    api = await startFakeKubernetesApi();
    const otherCa = Buffer.from(
      selfsigned.generate([{ name: 'commonName', value: 'other' }], {
        keySize: 2048,
        algorithm: 'sha256',
      }).cert,
    ).toString('base64');
    await expect(
      applyManifests(
        { endpoint: api.endpoint, caData: otherCa, token: TOKEN },
        manifests,
      ),
    ).rejects.toThrow(
      `The Kubernetes API at ${api.endpoint} presented a certificate that the cluster's CA (output cluster_certificate_authority_data) does not vouch for (`,
    );
    expect(api.requests.filter(r => r.method === 'PATCH')).toHaveLength(0);
  });

  it('explains refusals of the API server', async () => {
    api = await startFakeKubernetesApi({ forbiddenKinds: ['ClusterRole'] });
    const cluster = {
      endpoint: api.endpoint,
      caData: api.caData,
      token: TOKEN,
    };
    await expect(applyManifests(cluster, manifests)).rejects.toThrow(
      `The Kubernetes API at ${api.endpoint} refused to apply ClusterRole aws-batch-cluster-role (HTTP 403): ClusterRole is forbidden for this user: the backend's access entry needs cluster-admin rights (variable backend_cluster_admin, or list the backend's role in cluster_admin_principal_arns).`,
    );
    await expect(
      applyManifests({ ...cluster, token: 'not-an-eks-token' }, manifests),
    ).rejects.toThrow(
      `The Kubernetes API at ${api.endpoint} did not accept the backend's EKS token (HTTP 401): Unauthorized: the backend's AWS identity needs an EKS access entry on the cluster.`,
    );
  });

  it('rejects manifests that are not Kubernetes objects', () => {
    expect(() => parseManifests('a: [')).toThrow(
      'The Kubernetes manifests are not valid YAML',
    );
    expect(() =>
      parseManifests('# only a comment\n---\nkind: Namespace\n'),
    ).toThrow(
      'Kubernetes manifest 1 has no apiVersion, kind or metadata.name.',
    );
  });
});
