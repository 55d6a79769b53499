import { BatchClient } from '@aws-sdk/client-batch';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EKSClient } from '@aws-sdk/client-eks';
import { S3Client } from '@aws-sdk/client-s3';
import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

type AwsCredentialIdentityProvider =
  AwsCredentialProvider['sdkCredentialProvider'];

/**
 * AWS SDK clients, one per service and region. Credentials come from
 * Backstage's AWS integration config (`aws.mainAccount`, `aws.accounts`)
 * when present, else from the SDK's default chain (environment, web
 * identity / EKS Pod Identity, instance profile). Credentials are never
 * logged.
 */
export interface AwsClients {
  s3(options?: {
    region?: string;
    endpoint?: string;
    forcePathStyle?: boolean;
  }): S3Client;
  batch(region: string): BatchClient;
  eks(region: string): EKSClient;
  cloudFormation(region: string): CloudFormationClient;
}

export function createAwsClients(options: {
  config: Config;
  defaultRegion?: string;
  accountId?: string;
}): AwsClients {
  const { config, defaultRegion, accountId } = options;
  let manager: DefaultAwsCredentialsManager | undefined;
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;

  // The SDK calls this whenever it needs credentials; the manager caches and
  // refreshes them.
  const credentials: AwsCredentialIdentityProvider =
    async identityProperties => {
      if (!provider) {
        manager ??= DefaultAwsCredentialsManager.fromConfig(config);
        provider = manager
          .getCredentialProvider(accountId ? { accountId } : undefined)
          .then(result => result.sdkCredentialProvider);
        provider.catch(() => {
          provider = undefined;
        });
      }
      return (await provider)(identityProperties);
    };

  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, create: () => T): T => {
    if (!cache.has(key)) {
      cache.set(key, create());
    }
    return cache.get(key) as T;
  };

  return {
    s3: (s3Options = {}) => {
      const region = s3Options.region ?? defaultRegion;
      return memo(
        `s3:${region}:${s3Options.endpoint}:${s3Options.forcePathStyle}`,
        () =>
          new S3Client({
            region,
            credentials,
            endpoint: s3Options.endpoint,
            forcePathStyle: s3Options.forcePathStyle,
          }),
      );
    },
    batch: region =>
      memo(`batch:${region}`, () => new BatchClient({ region, credentials })),
    eks: region =>
      memo(`eks:${region}`, () => new EKSClient({ region, credentials })),
    cloudFormation: region =>
      memo(
        `cfn:${region}`,
        () => new CloudFormationClient({ region, credentials }),
      ),
  };
}
