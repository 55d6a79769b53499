import {
  ApiException,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  loadAllYaml,
  PatchStrategy,
} from '@kubernetes/client-node';

/** The Kubernetes API of one cluster, and who talks to it. */
export type KubernetesCluster = {
  /** `https://...` URL of the API server. */
  endpoint: string;
  /** Base64-encoded PEM CA certificate of the API server (EKS's certificateAuthority.data). */
  caData: string;
  /** Bearer token (never logged). */
  token: string;
};

/** One object the applier sent, for the run log. */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
};

/** Owner of the fields the platform sets, in the objects' managedFields. */
export const FIELD_MANAGER = 'videogen';

/** How long one request to the API server may take. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A manifest the API server did not take, or a server that did not answer. */
export class ManifestApplyError extends Error {}

/** `Kind namespace/name` or `Kind name`, for logs and messages. */
export function describeObject(object: AppliedObject): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

/**
 * Applies a multi-document YAML to a cluster with server-side apply, field
 * manager `videogen`, one object after the other in document order (a
 * namespace before what lives in it). Server-side apply is idempotent: the
 * same manifests applied again change nothing. Conflicts with fields another
 * manager set are forced, as these objects belong to the platform.
 */
export async function applyManifests(
  cluster: KubernetesCluster,
  manifests: string,
  options: {
    /** Called after each object the API server accepted. */
    onApplied?: (object: AppliedObject) => void;
    requestTimeoutMs?: number;
  } = {},
): Promise<AppliedObject[]> {
  const objects = parseManifests(manifests);
  const client = KubernetesObjectApi.makeApiClient(kubeConfig(cluster));
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const applied: AppliedObject[] = [];
  for (const object of objects) {
    const described = {
      apiVersion: object.apiVersion!,
      kind: object.kind!,
      name: object.metadata!.name!,
      ...(object.metadata?.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    };
    try {
      await withTimeout(
        client.patch(
          object,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
        timeoutMs,
      );
    } catch (error) {
      throw new ManifestApplyError(
        explainFailure(cluster.endpoint, described, error, timeoutMs),
      );
    }
    applied.push(described);
    options.onApplied?.(described);
  }
  return applied;
}

/** The objects of a multi-document YAML; documents with comments only are skipped. */
export function parseManifests(manifests: string): KubernetesObject[] {
  let documents: unknown[];
  try {
    documents = loadAllYaml(manifests);
  } catch (error) {
    throw new ManifestApplyError(
      `The Kubernetes manifests are not valid YAML: ${
        error instanceof Error ? error.message.split('\n')[0] : error
      }`,
    );
  }
  const objects = documents.filter(
    (d): d is KubernetesObject => d !== null && d !== undefined,
  );
  for (const [index, object] of objects.entries()) {
    if (!object.apiVersion || !object.kind || !object.metadata?.name) {
      throw new ManifestApplyError(
        `Kubernetes manifest ${
          index + 1
        } has no apiVersion, kind or metadata.name.`,
      );
    }
  }
  return objects;
}

function kubeConfig(cluster: KubernetesCluster): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: cluster.endpoint,
        caData: cluster.caData,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'videogen', token: cluster.token }],
    contexts: [{ name: 'videogen', cluster: 'cluster', user: 'videogen' }],
    currentContext: 'videogen',
  });
  return config;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why an object could not be applied, as a sentence naming the endpoint. */
function explainFailure(
  endpoint: string,
  object: AppliedObject,
  error: unknown,
  timeoutMs: number,
): string {
  const what = describeObject(object);
  if (error instanceof ApiException) {
    const status = error.code;
    const reason = apiMessage(error.body);
    if (status === 401) {
      return `The Kubernetes API at ${endpoint} did not accept the backend's EKS token (HTTP 401)${reason}: the backend's AWS identity needs an EKS access entry on the cluster.`;
    }
    if (status === 403) {
      return `The Kubernetes API at ${endpoint} refused to apply ${what} (HTTP 403)${reason}: the backend's access entry needs cluster-admin rights (variable backend_cluster_admin, or list the backend's role in cluster_admin_principal_arns).`;
    }
    return `The Kubernetes API at ${endpoint} refused ${what} (HTTP ${status})${reason}.`;
  }
  const code = (error as { code?: string } | undefined)?.code;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause
    ?.code;
  const detail =
    code === 'TIMEOUT'
      ? `no answer within ${timeoutMs / 1000} s`
      : code ??
        cause ??
        (error instanceof Error ? error.message : String(error));
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(detail)) {
    return `The Kubernetes API at ${endpoint} presented a certificate that the cluster's CA (output cluster_certificate_authority_data) does not vouch for (${detail}).`;
  }
  return `The Kubernetes API at ${endpoint} could not be reached while applying ${what} (${detail}): the cluster endpoint is private unless cluster_endpoint_public_access_cidrs lists the backend's address, so the backend must run inside the environment's VPC (its web tier) or be allowed by those CIDRs.`;
}

/** `: <message>` from a Kubernetes Status body, or nothing. */
function apiMessage(body: unknown): string {
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return body.trim() ? `: ${body.trim().slice(0, 300)}` : '';
    }
  }
  const message = (status as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message
    ? `: ${message.slice(0, 300)}`
    : '';
}
