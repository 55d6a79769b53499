import {
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
} from '@aws-sdk/client-batch';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { NotFoundError } from '@backstage/errors';
import {
  ClusterStatus,
  Environment,
  EnvironmentStatusResponse,
  JobSummary,
  NodeGroupStatus,
  QueueStatus,
  StatusSection,
  VideoSummary,
} from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { AwsClients } from '../aws/clients';
import { VideoRepository } from '../videos/VideoRepository';
import { BatchTarget } from '../queue/BatchJobQueue';
import { emptyCounts, JobStore } from '../queue/JobStore';
import { PoolStatus } from '../queue/types';
import { Cached, describeError, TtlCache } from './TtlCache';

const RECENT_JOBS = 10;
/** Database sections are cheap but still shared between concurrent callers. */
const DATABASE_TTL_MS = 1000;

type BatchQueueDetails = Omit<QueueStatus, 'counts' | 'recentJobs'>;
type StateStack = { name: string; status: string; bucket?: string };

export type StatusServiceOptions = {
  environments: EnvironmentStore;
  jobs: JobStore;
  videos: VideoRepository;
  /** `local`: the worker pool and the local queue; `aws`: EKS and Batch. */
  mode: 'local' | 'aws';
  /** The local pool (local mode). */
  pool?: () => PoolStatus;
  /** Where an environment's Batch jobs go (aws mode). */
  batchTarget?: (environment: string) => Promise<BatchTarget>;
  aws?: AwsClients;
  defaultRegion?: string;
  cacheTtlMs: number;
  /** EKS cluster for environments without an `eks_cluster_name` output. */
  eksClusterName?: string;
  /** CloudFormation stack holding the Terraform state bucket. */
  stateStackName?: string;
  /** The caches' clock (tests hold it still); default `Date.now`. */
  now?: () => number;
};

function outputString(outputs: Record<string, unknown>, ...names: string[]) {
  for (const name of names) {
    const raw = outputs[name];
    const value =
      raw && typeof raw === 'object' && 'value' in (raw as object)
        ? (raw as { value: unknown }).value
        : raw;
    if (typeof value === 'string' && value.trim()) {
      return value.trim();
    }
  }
  return undefined;
}

function section<T>(cached: Cached<T>, source: string): StatusSection<T> {
  return cached.error
    ? {
        error: `${source} is unavailable: ${cached.error}`,
        updatedAt: cached.updatedAt.toISOString(),
      }
    : { data: cached.value, updatedAt: cached.updatedAt.toISOString() };
}

/**
 * An environment's status in one response: the "cluster" (EKS or the local
 * worker pool), the job queue and the videos. Every source is cached for a
 * short TTL with single-flight loading, and a failing source only degrades
 * its own section.
 */
export class StatusService {
  private readonly awsCache: TtlCache;
  private readonly dbCache: TtlCache;

  constructor(private readonly options: StatusServiceOptions) {
    this.awsCache = new TtlCache(options.cacheTtlMs, options.now);
    this.dbCache = new TtlCache(DATABASE_TTL_MS, options.now);
  }

  async status(name: string): Promise<EnvironmentStatusResponse> {
    // Shared for a second like the other database reads: a busy status
    // page should not turn into one environment query per request.
    const lookup = await this.dbCache.get(`environment:${name}`, () =>
      this.options.environments.get(name),
    );
    if (lookup.error) {
      throw new Error(lookup.error);
    }
    const environment = lookup.value;
    if (!environment) {
      throw new NotFoundError(
        `There is no environment named "${name.slice(0, 64)}".`,
      );
    }
    const [cluster, queue, videos, stateStack] = await Promise.all([
      this.options.mode === 'local'
        ? this.localCluster()
        : this.eksCluster(environment),
      this.options.mode === 'local'
        ? this.localQueue(environment)
        : this.batchQueue(environment),
      this.videoSummary(environment),
      this.options.mode === 'aws' ? this.stateStack(environment) : undefined,
    ]);
    return {
      environment: environment.name,
      target: environment.target,
      cluster,
      queue,
      videos,
      ...(stateStack ? { stateStack } : {}),
    };
  }

  /**
   * A job of `environment` changed: its next status reads the jobs and
   * videos again instead of serving them from the cache, because browsers
   * ask right after a pushed change and must see it.
   */
  jobChanged(environment: string): void {
    this.dbCache.forget(`jobs:${environment}`);
    this.dbCache.forget(`videos:${environment}`);
  }

  private region(environment: Environment): string | undefined {
    return environment.region && environment.region !== 'local'
      ? environment.region
      : this.options.defaultRegion;
  }

  // ------------------------------------------------------------ database

  private jobsOverview(environment: string) {
    return this.dbCache.get(`jobs:${environment}`, async () => {
      const [counts, recentJobs, disabled] = await Promise.all([
        this.options.jobs.counts(environment),
        this.options.jobs.recent(environment, RECENT_JOBS),
        this.options.jobs.isDisabled(environment),
      ]);
      return { counts, recentJobs, disabled };
    });
  }

  private async videoSummary(
    environment: Environment,
  ): Promise<StatusSection<VideoSummary>> {
    return section(
      await this.dbCache.get(`videos:${environment.name}`, () =>
        this.options.videos.summary(environment.name),
      ),
      'The video database',
    );
  }

  // ------------------------------------------------------------ local

  private async localCluster(): Promise<StatusSection<ClusterStatus>> {
    const pool = this.options.pool?.() ?? { slots: 0, busy: 0, host: '' };
    return {
      data: {
        kind: 'local-pool',
        name: 'local worker pool',
        status: pool.slots > 0 ? 'ACTIVE' : 'NO_WORKERS',
        nodeGroups: [],
        slots: pool.slots,
        busy: pool.busy,
        host: pool.host,
      },
      updatedAt: new Date().toISOString(),
    };
  }

  private async localQueue(
    environment: Environment,
  ): Promise<StatusSection<QueueStatus>> {
    const overview = await this.jobsOverview(environment.name);
    if (overview.error) {
      return section(overview as Cached<never>, 'The job database');
    }
    const { counts, recentJobs, disabled } = overview.value!;
    return {
      data: {
        name: 'local',
        state: disabled ? 'DISABLED' : 'ENABLED',
        status: 'VALID',
        computeEnvironments: [
          { name: 'local worker pool', state: 'ENABLED', status: 'VALID' },
        ],
        counts,
        recentJobs,
      },
      updatedAt: overview.updatedAt.toISOString(),
    };
  }

  // ------------------------------------------------------------ aws

  private async eksCluster(
    environment: Environment,
  ): Promise<StatusSection<ClusterStatus>> {
    const clusterName =
      outputString(environment.outputs, 'eks_cluster_name', 'cluster_name') ??
      this.options.eksClusterName;
    const region = this.region(environment);
    if (!clusterName || !region || !this.options.aws) {
      return {
        error:
          'No EKS cluster is known for this environment yet (Terraform output eks_cluster_name or videogen.status.eks.clusterName).',
        updatedAt: new Date().toISOString(),
      };
    }
    const eks = this.options.aws.eks(region);
    const cached = await this.awsCache.get(
      `eks:${region}:${clusterName}`,
      async (): Promise<ClusterStatus> => {
        const [{ cluster }, nodegroups] = await Promise.all([
          eks.send(new DescribeClusterCommand({ name: clusterName })),
          eks.send(new ListNodegroupsCommand({ clusterName })),
        ]);
        const nodeGroups = await Promise.all(
          (nodegroups.nodegroups ?? []).map(
            async (nodegroupName): Promise<NodeGroupStatus> => {
              const { nodegroup } = await eks.send(
                new DescribeNodegroupCommand({ clusterName, nodegroupName }),
              );
              return {
                name: nodegroupName,
                status: nodegroup?.status ?? 'UNKNOWN',
                desiredSize: nodegroup?.scalingConfig?.desiredSize ?? 0,
                minSize: nodegroup?.scalingConfig?.minSize ?? 0,
                maxSize: nodegroup?.scalingConfig?.maxSize ?? 0,
                instanceTypes: nodegroup?.instanceTypes ?? [],
              };
            },
          ),
        );
        return {
          kind: 'eks',
          name: cluster?.name ?? clusterName,
          status: cluster?.status ?? 'UNKNOWN',
          kubernetesVersion: cluster?.version,
          endpointPublicAccess:
            cluster?.resourcesVpcConfig?.endpointPublicAccess,
          endpointPrivateAccess:
            cluster?.resourcesVpcConfig?.endpointPrivateAccess,
          nodeGroups,
        };
      },
    );
    return section(cached, 'EKS');
  }

  private async batchQueue(
    environment: Environment,
  ): Promise<StatusSection<QueueStatus>> {
    const overview = await this.jobsOverview(environment.name);
    const counts = overview.value?.counts;
    const recentJobs: JobSummary[] = overview.value?.recentJobs ?? [];

    let details: Cached<BatchQueueDetails>;
    try {
      if (!this.options.batchTarget || !this.options.aws) {
        throw new Error('AWS Batch is not configured');
      }
      const target = await this.options.batchTarget(environment.name);
      const batch = this.options.aws.batch(target.region);
      details = await this.awsCache.get(
        `batch:${target.region}:${target.jobQueue}`,
        async (): Promise<BatchQueueDetails> => {
          const { jobQueues } = await batch.send(
            new DescribeJobQueuesCommand({ jobQueues: [target.jobQueue] }),
          );
          const queue = jobQueues?.[0];
          if (!queue) {
            throw new Error(`job queue ${target.jobQueue} does not exist`);
          }
          const arns = (queue.computeEnvironmentOrder ?? [])
            .map(entry => entry.computeEnvironment)
            .filter((arn): arn is string => Boolean(arn));
          const { computeEnvironments } = arns.length
            ? await batch.send(
                new DescribeComputeEnvironmentsCommand({
                  computeEnvironments: arns,
                }),
              )
            : { computeEnvironments: [] };
          return {
            name: queue.jobQueueName ?? target.jobQueue,
            state: queue.state ?? 'UNKNOWN',
            status: queue.status ?? 'UNKNOWN',
            computeEnvironments: (computeEnvironments ?? []).map(ce => ({
              name: ce.computeEnvironmentName ?? 'unknown',
              state: ce.state ?? 'UNKNOWN',
              status: ce.status ?? 'UNKNOWN',
            })),
          };
        },
      );
    } catch (error) {
      details = { error: describeError(error), updatedAt: new Date() };
    }

    const errors = [
      details.error && `AWS Batch is unavailable: ${details.error}`,
      overview.error && `The job database is unavailable: ${overview.error}`,
    ].filter(Boolean);
    return {
      data: {
        name: details.value?.name ?? 'unknown',
        state: details.value?.state ?? 'UNKNOWN',
        status: details.value?.status ?? 'UNKNOWN',
        computeEnvironments: details.value?.computeEnvironments ?? [],
        counts: counts ?? emptyCounts(),
        recentJobs,
      },
      ...(errors.length ? { error: errors.join(' ') } : {}),
      updatedAt: (details.updatedAt < overview.updatedAt
        ? details.updatedAt
        : overview.updatedAt
      ).toISOString(),
    };
  }

  private async stateStack(
    environment: Environment,
  ): Promise<StatusSection<StateStack> | undefined> {
    const stackName =
      outputString(environment.outputs, 'state_stack_name') ??
      this.options.stateStackName;
    const region = this.region(environment);
    if (!stackName || !region || !this.options.aws) {
      return undefined;
    }
    const cloudFormation = this.options.aws.cloudFormation(region);
    const cached = await this.awsCache.get(
      `cfn:${region}:${stackName}`,
      async (): Promise<StateStack> => {
        const { Stacks } = await cloudFormation.send(
          new DescribeStacksCommand({ StackName: stackName }),
        );
        const stack = Stacks?.[0];
        const bucket = stack?.Outputs?.find(output =>
          /bucket/i.test(output.OutputKey ?? ''),
        )?.OutputValue;
        return {
          name: stack?.StackName ?? stackName,
          status: stack?.StackStatus ?? 'UNKNOWN',
          ...(bucket ? { bucket } : {}),
        };
      },
    );
    return section(cached, 'CloudFormation');
  }
}
