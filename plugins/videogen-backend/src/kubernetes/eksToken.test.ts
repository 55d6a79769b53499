import { createHash, createHmac } from 'node:crypto';
import { EKS_TOKEN_PREFIX, eksBearerToken, stsHostname } from './eksToken';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=odd/characters',
};
const signingDate = new Date('2026-03-01T12:34:56Z');

function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  // base64url without padding
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** SigV4 of a presigned GET, written out from the AWS documentation. */
function expectedSignature(url: URL, clusterName: string): string {
  const params = [...url.searchParams.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .sort();
  const canonicalRequest = [
    'GET',
    '/',
    params.join('&'),
    `host:${url.hostname}`,
    `x-k8s-aws-id:${clusterName}`,
    '',
    'host;x-k8s-aws-id',
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const scope = `${amzDate.slice(0, 8)}/eu-west-1/sts/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, amzDate.slice(0, 8));
  for (const part of ['eu-west-1', 'sts', 'aws4_request']) {
    key = hmac(key, part);
  }
  return hmac(key, stringToSign).toString('hex');
}

describe('eksBearerToken', () => {
  it('is a presigned regional STS GetCallerIdentity URL bound to the cluster, valid 60 s', async () => {
    const token = await eksBearerToken({
      clusterName: 'videogen-prod',
      region: 'eu-west-1',
      credentials,
      signingDate,
    });
    const url = decode(token);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-Date')).toBe('20260301T123456Z');
    expect(q.get('X-Amz-Credential')).toBe(
      'AKIAIOSFODNN7EXAMPLE/20260301/eu-west-1/sts/aws4_request',
    );
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    expect(q.get('X-Amz-Signature')).toBe(
      expectedSignature(url, 'videogen-prod'),
    );
    // The secret key never travels; only its signature does.
    expect(token).not.toContain(credentials.secretAccessKey);
  });

  it('signs the same request the same way, and another cluster differently', async () => {
    const make = (clusterName: string) =>
      eksBearerToken({
        clusterName,
        region: 'eu-west-1',
        credentials,
        signingDate,
      });
    const first = await make('videogen-prod');
    expect(await make('videogen-prod')).toBe(first);
    const other = decode(await make('videogen-test'));
    expect(other.searchParams.get('X-Amz-Signature')).not.toBe(
      decode(first).searchParams.get('X-Amz-Signature'),
    );
    expect(other.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(other, 'videogen-test'),
    );
  });

  it('has no security token without a session, and uses the regional endpoint', async () => {
    const token = await eksBearerToken({
      clusterName: 'c',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
      },
      signingDate,
    });
    expect(decode(token).searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(stsHostname('us-east-1')).toBe('sts.us-east-1.amazonaws.com');
    expect(stsHostname('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
  });
});
