import { Config } from '@backstage/config';
import os from 'node:os';
import {
  readMilliseconds,
  readNumber,
  readOptionalString,
} from '../config/values';

/** `videogen.queue` and `videogen.worker`: how render jobs run. */
export type QueueConfig = {
  /** Retries after the first attempt before a job is FAILED. */
  retries: number;
  /** `videogen.queue.maxJobsPerUser`: queued + running jobs per user; 0 = no limit. */
  maxJobsPerUser: number;
  /** `videogen.worker.command`, when set (argv, no shell). */
  workerCommand?: string[];
  local: {
    workers: number;
    pollIntervalMs: number;
    leaseMs: number;
    heartbeatMs: number;
    cancelGraceMs: number;
  };
  batch: {
    jobQueue?: string;
    jobDefinition?: string;
    platform: 'eks' | 'ecs';
    containerName?: string;
    pollIntervalMs: number;
    /** Job queues with a fair-share policy: submit with a share identifier. */
    fairShare: boolean;
  };
};

/** Reads and checks the queue's config keys (see config.d.ts). */
export function readQueueConfig(config: Config): QueueConfig {
  const command = config.getOptionalStringArray('videogen.worker.command');
  if (command && command.length === 0) {
    throw new Error(
      'Invalid config videogen.worker.command: give the program and its arguments',
    );
  }

  const platform = (config.getOptionalString('videogen.queue.batch.platform') ??
    'eks') as 'eks' | 'ecs';
  if (platform !== 'eks' && platform !== 'ecs') {
    throw new Error(
      'Invalid config videogen.queue.batch.platform: use eks or ecs',
    );
  }

  const heartbeatMs = readMilliseconds(
    config,
    'videogen.queue.local.heartbeatInterval',
    5000,
    { minMs: 50 },
  );
  const leaseMs = readMilliseconds(
    config,
    'videogen.queue.local.lease',
    30_000,
    {
      minMs: 100,
    },
  );
  if (leaseMs <= heartbeatMs) {
    throw new Error(
      'videogen.queue.local.lease must be longer than heartbeatInterval',
    );
  }

  return {
    retries: readNumber(config, 'videogen.queue.retries', 2, { integer: true }),
    maxJobsPerUser: readNumber(config, 'videogen.queue.maxJobsPerUser', 10, {
      integer: true,
    }),
    workerCommand: command,
    local: {
      workers: readNumber(
        config,
        'videogen.queue.local.workers',
        Math.max(1, os.cpus().length - 1),
        { integer: true },
      ),
      pollIntervalMs: readMilliseconds(
        config,
        'videogen.queue.local.pollInterval',
        1000,
        { minMs: 10 },
      ),
      leaseMs,
      heartbeatMs,
      cancelGraceMs: readMilliseconds(
        config,
        'videogen.queue.local.cancelGrace',
        10_000,
      ),
    },
    batch: {
      jobQueue: readOptionalString(config, 'videogen.queue.batch.jobQueue'),
      jobDefinition: readOptionalString(
        config,
        'videogen.queue.batch.jobDefinition',
      ),
      platform,
      containerName: readOptionalString(
        config,
        'videogen.queue.batch.containerName',
      ),
      pollIntervalMs: readMilliseconds(
        config,
        'videogen.queue.batch.pollInterval',
        10_000,
        { minMs: 10 },
      ),
      fairShare:
        config.getOptionalBoolean('videogen.queue.batch.fairShare') ?? false,
    },
  };
}
