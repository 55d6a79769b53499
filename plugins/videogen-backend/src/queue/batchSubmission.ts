import { KeyValuePair, SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { EnvironmentStorage, storageKeys } from '../storage';
import { BatchTarget } from './batchTarget';
import { Job } from './JobStore';
import { JobInputs } from './types';

/** How the generator's inputs reach the container. */
export type BatchContainerOptions = {
  /** `eks`: EKS job definitions (pod overrides); `ecs`: container overrides. */
  platform: 'eks' | 'ecs';
  /** The container to override in an EKS pod (when it has several). */
  containerName?: string;
};

/** The generator's inputs as container environment variables. */
export function batchEnvironmentVariables(
  video: JobInputs,
  { storage, kmsKeyId }: EnvironmentStorage,
): KeyValuePair[] {
  return [
    { name: 'VIDEOGEN_PHOTO_URI', value: storage.uri(video.photoKey) },
    { name: 'VIDEOGEN_SCRIPT_URI', value: storage.uri(video.scriptKey) },
    {
      name: 'VIDEOGEN_OUTPUT_URI',
      value: storage.uri(storageKeys.videoPrefix(video.videoId)),
    },
    ...(kmsKeyId ? [{ name: 'VIDEOGEN_S3_KMS_KEY_ID', value: kmsKeyId }] : []),
  ];
}

/**
 * A user's Batch share identifier: Batch allows letters, digits, `-` and
 * `_` (at most 255), so `user:default/jane.doe` becomes
 * `user_default_jane_doe`.
 */
export function shareIdentifierOf(user: string): string {
  return user.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 255) || 'unknown';
}

/** The SubmitJob request for one job of the product. */
export function submitJobInput(options: {
  job: Job;
  video: JobInputs;
  target: BatchTarget;
  variables: KeyValuePair[];
  container: BatchContainerOptions;
  /** The fair-share identifier (the uploader), on fair-share queues only. */
  shareIdentifier?: string;
}): SubmitJobCommandInput {
  const { job, video, target, variables, container } = options;
  const input: SubmitJobCommandInput = {
    jobName: `videogen-${video.videoId}`,
    jobQueue: target.jobQueue,
    jobDefinition: target.jobDefinition,
    // Batch retries processing failures itself; exit 2 (bad input) is final.
    retryStrategy: {
      attempts: Math.min(10, Math.max(1, job.maxAttempts)),
      evaluateOnExit: [
        { onExitCode: '2', action: 'EXIT' },
        { onReason: '*', action: 'RETRY' },
      ],
    },
    tags: {
      'videogen:environment': job.environment,
      'videogen:video': video.videoId,
    },
    ...(options.shareIdentifier
      ? { shareIdentifier: options.shareIdentifier }
      : {}),
  };
  if (container.platform === 'eks') {
    input.eksPropertiesOverride = {
      podProperties: {
        containers: [
          {
            ...(container.containerName
              ? { name: container.containerName }
              : {}),
            env: variables.map(({ name, value }) => ({
              name: name!,
              value,
            })),
          },
        ],
      },
    };
  } else {
    input.containerOverrides = { environment: variables };
  }
  return input;
}
