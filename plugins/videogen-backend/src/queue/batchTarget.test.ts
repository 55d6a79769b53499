import { Environment } from '@videogen/plugin-videogen-common';
import {
  batchTargetOf,
  outputString,
  ownBatchJobQueueOf,
  regionOfArn,
} from './batchTarget';

const QUEUE_ARN = 'arn:aws:batch:eu-west-1:123456789012:job-queue/videogen';

function environment(overrides: Partial<Environment> = {}): Environment {
  return {
    name: 'dev',
    target: 'aws',
    region: 'eu-central-1',
    variables: {},
    requireApproval: false,
    status: 'READY',
    outputs: {},
    createdBy: 'user:default/someone',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  } as Environment;
}

describe('outputString', () => {
  it('reads plain and `{ value }` outputs, trimmed, and nothing else', () => {
    expect(outputString({ a: ' x ' }, 'a')).toBe('x');
    expect(outputString({ a: { value: 'y', type: 'string' } }, 'a')).toBe('y');
    expect(outputString({ a: '  ' }, 'a')).toBeUndefined();
    expect(outputString({ a: 3 }, 'a')).toBeUndefined();
    expect(outputString({}, 'a')).toBeUndefined();
  });
});

describe('regionOfArn', () => {
  it('reads the region of an ARN only', () => {
    expect(regionOfArn(QUEUE_ARN)).toBe('eu-west-1');
    expect(regionOfArn('videogen-queue')).toBeUndefined();
  });
});

describe('batchTargetOf', () => {
  it("prefers the environment's outputs and region to the defaults", () => {
    const env = environment({
      outputs: {
        job_queue_arn: { value: QUEUE_ARN },
        job_queue_name: 'ignored',
        job_definition_arn: 'def-arn',
      },
    });
    expect(
      batchTargetOf('dev', env, {
        region: 'us-east-1',
        jobQueue: 'default-queue',
        jobDefinition: 'default-def',
      }),
    ).toEqual({
      region: 'eu-central-1',
      jobQueue: QUEUE_ARN,
      jobDefinition: 'def-arn',
    });
  });

  it('falls back to the defaults for a local or unknown environment', () => {
    const defaults = {
      region: 'us-east-1',
      jobQueue: 'default-queue',
      jobDefinition: 'default-def',
    };
    const expected = {
      region: 'us-east-1',
      jobQueue: 'default-queue',
      jobDefinition: 'default-def',
    };
    expect(
      batchTargetOf('dev', environment({ region: 'local' }), defaults),
    ).toEqual(expected);
    expect(batchTargetOf('gone', undefined, defaults)).toEqual(expected);
  });

  it('names everything that is missing', () => {
    expect(() => batchTargetOf('gone', undefined, {})).toThrow(
      'Environment "gone" has no AWS Batch job queue, job definition, region:',
    );
  });
});

describe('ownBatchJobQueueOf', () => {
  it('is undefined without job queue outputs, whatever the defaults', () => {
    expect(ownBatchJobQueueOf('dev', environment(), 'us-east-1')).toBe(
      undefined,
    );
  });

  it('takes the region from the environment, then the ARN, then the default', () => {
    const outputs = { job_queue_arn: QUEUE_ARN };
    expect(
      ownBatchJobQueueOf('dev', environment({ outputs }), 'us-east-1'),
    ).toEqual({ region: 'eu-central-1', jobQueue: QUEUE_ARN });
    expect(
      ownBatchJobQueueOf(
        'dev',
        environment({ region: 'local', outputs }),
        'us-east-1',
      ),
    ).toEqual({ region: 'eu-west-1', jobQueue: QUEUE_ARN });
    expect(
      ownBatchJobQueueOf(
        'dev',
        environment({ region: 'local', outputs: { job_queue_name: 'q' } }),
        'us-east-1',
      ),
    ).toEqual({ region: 'us-east-1', jobQueue: 'q' });
  });

  it('throws when the queue has no region anywhere', () => {
    expect(() =>
      ownBatchJobQueueOf(
        'dev',
        environment({ region: 'local', outputs: { job_queue_name: 'q' } }),
        undefined,
      ),
    ).toThrow('set videogen.queue.batch.region');
  });
});
