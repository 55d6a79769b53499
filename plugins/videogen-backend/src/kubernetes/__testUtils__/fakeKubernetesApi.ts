import fs from 'node:fs';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import selfsigned from 'selfsigned';

/** A request the fake API server received. */
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  body?: unknown;
};

/** Resources of the API groups the Batch manifests use, as discovery lists them. */
const DISCOVERY: Record<
  string,
  Array<{ name: string; kind: string; namespaced: boolean }>
> = {
  '/api/v1': [
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  ],
  '/apis/rbac.authorization.k8s.io/v1': [
    { name: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    {
      name: 'clusterrolebindings',
      kind: 'ClusterRoleBinding',
      namespaced: false,
    },
    { name: 'roles', kind: 'Role', namespaced: true },
    { name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  ],
};

/** A bearer token as EKS accepts it (see eksToken.ts). */
export const EKS_BEARER = /^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/;

let certificate: { cert: string; key: string } | undefined;

/** One self-signed certificate for 127.0.0.1 per test file (RSA key generation is slow). */
function loopbackCertificate() {
  certificate ??= (() => {
    const pems = selfsigned.generate([{ name: 'commonName', value: 'kube' }], {
      keySize: 2048,
      days: 1,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        {
          name: 'subjectAltName',
          altNames: [{ type: 7, ip: '127.0.0.1' }],
        },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  })();
  return certificate;
}

/**
 * A loopback HTTPS server that behaves like the Kubernetes API for what the
 * manifest applier uses: discovery of the core and RBAC groups, and
 * server-side apply (PATCH with `application/apply-patch+yaml`, a
 * `fieldManager`, an EKS bearer token). It keeps the objects, bumps an
 * object's resourceVersion only when its content changes, and records
 * every request.
 */
export async function startFakeKubernetesApi(
  options: {
    /** Kinds whose apply is refused with 403. */
    forbiddenKinds?: string[];
    /** A fixed port (default: any free one). */
    port?: number;
  } = {},
) {
  const { cert, key } = loopbackCertificate();
  const requests: RecordedRequest[] = [];
  const objects = new Map<
    string,
    { content: string; resourceVersion: number }
  >();
  let version = 0;

  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const refuse = (code: number, message: string) =>
        send(code, { kind: 'Status', status: 'Failure', code, message });

      if (!EKS_BEARER.test(recorded.authorization ?? '')) {
        refuse(401, 'Unauthorized');
        return;
      }
      const discovered = DISCOVERY[url.pathname];
      if (recorded.method === 'GET' && discovered) {
        send(200, {
          kind: 'APIResourceList',
          groupVersion: url.pathname.replace(/^\/apis?\//, ''),
          resources: discovered.map(r => ({
            ...r,
            singularName: r.kind.toLowerCase(),
            verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
          })),
        });
        return;
      }
      if (recorded.method !== 'PATCH') {
        refuse(404, `${recorded.method} ${url.pathname} is not served here`);
        return;
      }
      if (recorded.contentType !== 'application/apply-patch+yaml') {
        refuse(415, `Unsupported patch type ${recorded.contentType}`);
        return;
      }
      if (!recorded.query.fieldManager) {
        refuse(422, 'fieldManager is required for apply requests');
        return;
      }
      const object = recorded.body as {
        kind: string;
        metadata: Record<string, unknown>;
      };
      if (options.forbiddenKinds?.includes(object.kind)) {
        refuse(403, `${object.kind} is forbidden for this user`);
        return;
      }
      const content = JSON.stringify(object);
      const existing = objects.get(url.pathname);
      const created = !existing;
      if (!existing || existing.content !== content) {
        objects.set(url.pathname, { content, resourceVersion: ++version });
      }
      send(created ? 201 : 200, {
        ...object,
        metadata: {
          ...object.metadata,
          resourceVersion: String(objects.get(url.pathname)!.resourceVersion),
        },
      });
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `https://127.0.0.1:${port}`,
    caData: Buffer.from(cert).toString('base64'),
    requests,
    /** Path → resourceVersion of the stored objects. */
    versions: () =>
      Object.fromEntries(
        [...objects].map(([objectPath, o]) => [objectPath, o.resourceVersion]),
      ),
    /** The objects' paths, in the order they were first created. */
    paths: () => [...objects.keys()],
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeKubernetesApi = Awaited<
  ReturnType<typeof startFakeKubernetesApi>
>;

/** The repository's Batch-on-EKS manifests template (terraform/modules/batch/manifests). */
export const BATCH_MANIFESTS_TEMPLATE = path.resolve(
  __dirname,
  '../../../../../terraform/modules/batch/manifests/batch-on-eks.yaml.tftpl',
);

/** The template rendered as Terraform's templatefile() would (placeholders only). */
export function renderBatchManifests(values: {
  namespace: string;
  service_account_name: string;
  batch_user: string;
}): string {
  // `$${` is Terraform's escape for a literal `${`.
  return fs
    .readFileSync(BATCH_MANIFESTS_TEMPLATE, 'utf8')
    .replace(/\$\$\{|\$\{(\w+)\}/g, (match, name?: keyof typeof values) =>
      name ? values[name] ?? match : '${',
    );
}
