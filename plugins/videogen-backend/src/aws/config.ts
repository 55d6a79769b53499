import { Config } from '@backstage/config';
import { readOptionalString } from '../config/values';

/** `videogen.aws`: where and as whom the plugin calls AWS. */
export type AwsConfig = {
  /** Default region for S3, Batch, EKS and CloudFormation calls. */
  region?: string;
  /** Account in the `aws` integration config whose credentials to use. */
  accountId?: string;
};

export function readAwsConfig(config: Config): AwsConfig {
  return {
    region: readOptionalString(config, 'videogen.aws.region'),
    accountId: readOptionalString(config, 'videogen.aws.accountId'),
  };
}
