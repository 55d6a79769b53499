import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** AWS credentials that sign the token (never logged). */
export type EksTokenCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/** What every EKS bearer token starts with. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** The header that binds a token to one cluster; EKS rejects tokens without it. */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/**
 * Seconds the presigned URL is valid. EKS accepts tokens up to 15 minutes
 * old whatever the URL says, but a short expiry keeps a leaked token nearly
 * useless; one token serves one short manifest apply.
 */
export const EKS_TOKEN_EXPIRY_SECONDS = 60;

/** The regional STS host (EKS accepts regional endpoints; China has its own domain). */
export function stsHostname(region: string): string {
  const domain = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return `sts.${region}.${domain}`;
}

/**
 * An EKS bearer token, as `aws eks get-token` makes it: a presigned STS
 * `GetCallerIdentity` URL, signed with SigV4 including the `x-k8s-aws-id`
 * header (the cluster name), base64url-encoded without padding behind
 * `k8s-aws-v1.`. The API server calls the URL to learn who the caller is and
 * maps that identity through the cluster's access entries.
 */
export async function eksBearerToken(options: {
  clusterName: string;
  region: string;
  credentials: EksTokenCredentials;
  /** The signing time; now by default (fixed in tests). */
  signingDate?: Date;
}): Promise<string> {
  const { clusterName, region, credentials } = options;
  const hostname = stsHostname(region);
  const signer = new SignatureV4({
    service: 'sts',
    region,
    credentials,
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: clusterName },
    },
    {
      expiresIn: EKS_TOKEN_EXPIRY_SECONDS,
      signingDate: options.signingDate,
    },
  );
  const query = Object.entries(presigned.query ?? {})
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map(
        v => `${encodeURIComponent(key)}=${encodeURIComponent(v ?? '')}`,
      ),
    )
    .join('&');
  const url = `https://${hostname}/?${query}`;
  // Node's base64url has no padding, as EKS expects.
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url, 'utf8').toString('base64url')}`;
}
