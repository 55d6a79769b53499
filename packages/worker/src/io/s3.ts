import { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * One S3 client for the whole job. Credentials come from the SDK's default
 * chain (env, web identity/EKS Pod Identity, instance profile), the region
 * from AWS_REGION/AWS_DEFAULT_REGION. VIDEOGEN_S3_ENDPOINT points it at an
 * S3-compatible server (tests use s3rver) with path-style addressing.
 */
export function createS3Client(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = env.VIDEOGEN_S3_ENDPOINT?.trim() || undefined;
  const config: S3ClientConfig = {
    region:
      env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined,
    maxAttempts: 4,
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  return new S3Client(config);
}

export interface S3WriteSettings {
  checksum: 'SHA256' | undefined;
  serverSideEncryption: 'AES256' | 'aws:kms' | undefined;
  kmsKeyId: string | undefined;
}

const OFF = /^(off|none|false|0|no)$/i;

/**
 * Checksums and SSE are on by default; VIDEOGEN_S3_CHECKSUM=off and
 * VIDEOGEN_S3_SSE=off exist for S3-compatible peers that reject them.
 */
export function s3WriteSettings(env: NodeJS.ProcessEnv): S3WriteSettings {
  const kmsKeyId = env.VIDEOGEN_S3_KMS_KEY_ID?.trim() || undefined;
  const checksum = OFF.test(env.VIDEOGEN_S3_CHECKSUM?.trim() ?? '')
    ? undefined
    : 'SHA256';
  if (OFF.test(env.VIDEOGEN_S3_SSE?.trim() ?? '')) {
    return { checksum, serverSideEncryption: undefined, kmsKeyId: undefined };
  }
  return {
    checksum,
    serverSideEncryption: kmsKeyId ? 'aws:kms' : 'AES256',
    kmsKeyId,
  };
}

/** The S3 error name/code without depending on the SDK's exception classes. */
export function s3ErrorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null) {
    const e = error as {
      name?: unknown;
      Code?: unknown;
      $metadata?: { httpStatusCode?: number };
    };
    if (typeof e.Code === 'string') {
      return e.Code;
    }
    if (typeof e.name === 'string' && e.name !== 'Error') {
      return e.name;
    }
  }
  return undefined;
}

export function s3HttpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata
      ?.httpStatusCode;
  }
  return undefined;
}

/** A short description of an S3/SDK failure for the one-line stderr reason. */
export function describeS3Error(error: unknown): string {
  const name = s3ErrorName(error);
  const status = s3HttpStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NoSuchKey':
    case 'NotFound':
      return 'no such object';
    case 'NoSuchBucket':
      return 'no such bucket';
    case 'AccessDenied':
    case 'Forbidden':
      return 'access denied';
    case 'CredentialsProviderError':
      return 'no AWS credentials found';
    default:
      break;
  }
  if (/Region is missing/i.test(message)) {
    return 'AWS region is not set (AWS_REGION)';
  }
  if (status === 404) {
    return 'no such object';
  }
  if (status === 403) {
    return 'access denied';
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return `network error (${code})`;
  }
  return message || name || 'unknown S3 error';
}
