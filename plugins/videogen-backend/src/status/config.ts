import { Config } from '@backstage/config';
import { readMilliseconds, readOptionalString } from '../config/values';

/** `videogen.status`: the environment status endpoint. */
export type StatusConfig = {
  /** How long AWS answers (EKS, Batch, CloudFormation) are cached. */
  cacheTtlMs: number;
  eksClusterName?: string;
  stateStackName?: string;
};

export function readStatusConfig(config: Config): StatusConfig {
  return {
    cacheTtlMs: readMilliseconds(config, 'videogen.status.cacheTtl', 10_000),
    eksClusterName: readOptionalString(
      config,
      'videogen.status.eks.clusterName',
    ),
    stateStackName: readOptionalString(
      config,
      'videogen.status.stateStack.name',
    ),
  };
}
