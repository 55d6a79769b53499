import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EksManifestApplier } from '../kubernetes/eksManifestApplier';
import { TerraformSettings } from '../terraform/config';
import { AwsCredentials } from '../terraform/TerraformWorkspace';
import { RunStore } from './RunStore';
import { EnvironmentLifecycle } from '@videogen/plugin-videogen-common';

export type RunEngineOptions = {
  environments: EnvironmentStore;
  runs: RunStore;
  settings: TerraformSettings;
  logger: LoggerService;
  /** The backend's own environment variables that Terraform may see (PATH, HOME, proxies, AWS_*). */
  inheritedEnv: Record<string, string>;
  events?: EventsService;
  /** Told when an environment's status is announced (pushed to browsers). */
  onEnvironmentChange?: (
    environment: string,
    status: EnvironmentLifecycle,
  ) => void;
  /** The job queue, drained before a destroy. Without one, destroys skip the drain. */
  drain?: EnvironmentDrain;
  /** AWS credentials for aws environments; without it Terraform finds its own. */
  awsCredentials?: () => Promise<AwsCredentials | undefined>;
  /**
   * Applies the Batch namespace and RBAC to an aws environment's EKS cluster
   * after its first apply; by default with an EKS token of the AWS
   * credentials above and `@kubernetes/client-node`.
   */
  kubernetes?: EksManifestApplier;
  /** Timings, shortened in tests. */
  timings?: Partial<RunEngineTimings>;
  /** Names this backend instance in run rows; default `<hostname>:<random>`. */
  instanceId?: string;
};

export type RunEngineTimings = {
  /** How often running runs report that their instance is alive (and pick up cancels from other replicas). */
  heartbeatMs: number;
  /** A run whose instance has not reported for this long is INTERRUPTED. */
  staleAfterMs: number;
  /** How often a destroy checks the queue's active jobs while draining. */
  drainPollMs: number;
  /** How long terminated jobs may take to stop. */
  terminateWaitMs: number;
  /** How long shutdown waits for interrupted Terraform processes. */
  shutdownWaitMs: number;
};

export const DEFAULT_TIMINGS: RunEngineTimings = {
  heartbeatMs: 5_000,
  staleAfterMs: 60_000,
  drainPollMs: 2_000,
  terminateWaitMs: 120_000,
  shutdownWaitMs: 25_000,
};
