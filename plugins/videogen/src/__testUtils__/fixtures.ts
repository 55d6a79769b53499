import {
  ClusterStatus,
  Environment,
  EnvironmentStatusResponse,
  JobState,
  QueueStatus,
  Run,
  Video,
} from '@videogen/plugin-videogen-common';
import { VideogenApi } from '../api';

const T0 = '2025-01-01T10:00:00.000Z';

export const zeroCounts = (): Record<JobState, number> => ({
  SUBMITTED: 0,
  PENDING: 0,
  RUNNABLE: 0,
  STARTING: 0,
  RUNNING: 0,
  SUCCEEDED: 0,
  FAILED: 0,
});

export function makeVideo(overrides: Partial<Video> = {}): Video {
  return {
    id: 'video-0001-aaaa-bbbb',
    environment: 'local',
    photoSha256: 'a'.repeat(64),
    scriptSha256: 'b'.repeat(64),
    generatorVersion: '1.0.0',
    state: 'SUCCEEDED',
    jobId: 'job-0001',
    durationSeconds: 8.2,
    sizeBytes: 734_003,
    dedupeHits: 0,
    createdBy: 'user:default/guest',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function makeLocalCluster(
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    kind: 'local-pool',
    name: 'local-workers',
    status: 'ACTIVE',
    nodeGroups: [],
    slots: 2,
    busy: 1,
    host: 'build-host-1',
    ...overrides,
  };
}

export function makeEksCluster(
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    kind: 'eks',
    name: 'videogen-prod',
    status: 'ACTIVE',
    kubernetesVersion: '1.31',
    endpointPublicAccess: false,
    endpointPrivateAccess: true,
    nodeGroups: [
      {
        name: 'generators',
        status: 'ACTIVE',
        desiredSize: 3,
        minSize: 1,
        maxSize: 6,
        readyNodes: 2,
        instanceTypes: ['c6i.xlarge', 'c6a.xlarge'],
      },
    ],
    ...overrides,
  };
}

export function makeQueue(overrides: Partial<QueueStatus> = {}): QueueStatus {
  return {
    name: 'videogen-local',
    state: 'ENABLED',
    status: 'VALID',
    computeEnvironments: [
      { name: 'local-pool', state: 'ENABLED', status: 'VALID' },
    ],
    counts: {
      ...zeroCounts(),
      RUNNING: 1,
      RUNNABLE: 2,
      SUCCEEDED: 7,
      FAILED: 1,
    },
    recentJobs: [
      {
        id: 'job-0002',
        videoId: 'video-0002',
        state: 'FAILED',
        createdAt: T0,
        startedAt: T0,
        finishedAt: '2025-01-01T10:00:12.000Z',
        durationSeconds: 12,
        failureReason: 'ffmpeg exited with code 1',
      },
    ],
    ...overrides,
  };
}

export function makeStatus(
  overrides: Partial<EnvironmentStatusResponse> = {},
): EnvironmentStatusResponse {
  return {
    environment: 'local',
    target: 'local',
    cluster: { data: makeLocalCluster(), updatedAt: new Date().toISOString() },
    queue: { data: makeQueue(), updatedAt: new Date().toISOString() },
    videos: {
      data: {
        total: 8,
        byState: zeroCounts(),
        dedupeHits: 3,
        totalDurationSeconds: 60,
      },
      updatedAt: new Date().toISOString(),
    },
    ...overrides,
  };
}

export function makeEnvironment(
  overrides: Partial<Environment> = {},
): Environment {
  return {
    name: 'local',
    target: 'local',
    region: 'local',
    variables: {},
    requireApproval: false,
    builtIn: true,
    status: 'READY',
    outputs: { queue_name: 'videogen-local' },
    createdBy: 'user:default/guest',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-0001-cccc-dddd',
    environment: 'local',
    operation: 'plan',
    status: 'SUCCEEDED',
    requestedBy: 'user:default/guest',
    createdAt: T0,
    startedAt: T0,
    finishedAt: '2025-01-01T10:01:05.000Z',
    planSummary: { add: 3, change: 1, destroy: 0 },
    logSize: 120,
    ...overrides,
  };
}

/** A VideogenApi whose every method is a jest mock; override what a test needs. */
export function mockVideogenApi(
  overrides: Partial<VideogenApi> = {},
): jest.Mocked<VideogenApi> {
  const never = () => new Promise<never>(() => {});
  return {
    getHealth: jest.fn(async () => ({ status: 'ok' as const })),
    getLimits: jest.fn(async () => ({
      maxPhotoBytes: 20 * 1024 * 1024,
      maxPhotoPixels: 40_000_000,
      maxScriptCharacters: 5000,
    })),
    uploadVideo: jest.fn(never),
    listVideos: jest.fn(async () => ({ items: [] })),
    getVideo: jest.fn(never),
    cancelVideo: jest.fn(never),
    ensureMediaAccess: jest.fn(async () => ({
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      contentUrl: (id: string) => `http://backend/videos/${id}/content`,
      posterUrl: (id: string) => `http://backend/videos/${id}/poster`,
    })),
    listEnvironments: jest.fn(async () => ({ items: [makeEnvironment()] })),
    getEnvironment: jest.fn(async () => makeEnvironment()),
    getEnvironmentStatus: jest.fn(async () => makeStatus()),
    startRun: jest.fn(never),
    listRuns: jest.fn(async () => ({ items: [makeRun()] })),
    getRun: jest.fn(async () => makeRun()),
    getRunLog: jest.fn(async (runId: string) => ({
      runId,
      offset: 0,
      nextOffset: 5,
      text: 'done\n',
      complete: true,
      status: 'SUCCEEDED' as const,
    })),
    cancelRun: jest.fn(never),
    approveRun: jest.fn(never),
    forceUnlock: jest.fn(never),
    ...overrides,
  } as jest.Mocked<VideogenApi>;
}
