import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsCredentials } from './TerraformWorkspace';

/**
 * AWS credentials for Terraform from Backstage's AWS integration (`aws`
 * config: main account, accounts, role assumption), for `accountId` or the
 * main account. They reach Terraform as AWS_* environment variables only.
 */
export function awsCredentialsFromConfig(
  config: Config,
  accountId?: string,
): () => Promise<AwsCredentials | undefined> {
  let manager: DefaultAwsCredentialsManager | undefined;
  return async () => {
    manager ??= DefaultAwsCredentialsManager.fromConfig(config);
    const provider = await manager.getCredentialProvider(
      accountId ? { accountId } : undefined,
    );
    const credentials = await provider.sdkCredentialProvider();
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    };
  };
}
