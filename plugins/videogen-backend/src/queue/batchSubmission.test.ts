import { EnvironmentStorage, LocalObjectStorage } from '../storage';
import { batchEnvironmentVariables, submitJobInput } from './batchSubmission';
import { chunked } from './batchPolling';
import { Job } from './JobStore';

class S3LikeStorage extends LocalObjectStorage {
  uri(key: string): string {
    return `s3://bucket/${key}`;
  }
}

const video = { videoId: 'v1', photoKey: 'p.jpg', scriptKey: 's.txt' };
const job = {
  id: 'j1',
  videoId: 'v1',
  environment: 'dev',
  maxAttempts: 25,
} as Job;
const target = { region: 'eu-west-1', jobQueue: 'q', jobDefinition: 'd' };

function storage(kmsKeyId?: string): EnvironmentStorage {
  return {
    storage: new S3LikeStorage('/nonexistent'),
    kmsKeyId,
  } as EnvironmentStorage;
}

describe('batchEnvironmentVariables', () => {
  it('passes the URIs, and the KMS key only when there is one', () => {
    const names = (s: EnvironmentStorage) =>
      batchEnvironmentVariables(video, s).map(v => v.name);
    expect(names(storage())).toEqual([
      'VIDEOGEN_PHOTO_URI',
      'VIDEOGEN_SCRIPT_URI',
      'VIDEOGEN_OUTPUT_URI',
    ]);
    expect(names(storage('key-1'))).toContain('VIDEOGEN_S3_KMS_KEY_ID');
  });
});

describe('submitJobInput', () => {
  const variables = [{ name: 'A', value: '1' }];

  it('caps the attempts at 10 and never retries bad input', () => {
    const input = submitJobInput({
      job,
      video,
      target,
      variables,
      container: { platform: 'ecs' },
    });
    expect(input.retryStrategy?.attempts).toBe(10);
    expect(input.retryStrategy?.evaluateOnExit?.[0]).toEqual({
      onExitCode: '2',
      action: 'EXIT',
    });
    expect(input.containerOverrides).toEqual({ environment: variables });
    expect(input.eksPropertiesOverride).toBeUndefined();
  });

  it('overrides the named container of an EKS pod', () => {
    const input = submitJobInput({
      job,
      video,
      target,
      variables,
      container: { platform: 'eks', containerName: 'generator' },
    });
    expect(input.eksPropertiesOverride?.podProperties?.containers).toEqual([
      { name: 'generator', env: [{ name: 'A', value: '1' }] },
    ]);
    expect(input.containerOverrides).toBeUndefined();
  });
});

describe('chunked', () => {
  it('splits into pieces of at most the given size', () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunked([], 100)).toEqual([]);
  });
});
