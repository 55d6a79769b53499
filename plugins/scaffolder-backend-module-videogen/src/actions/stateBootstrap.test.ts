import {
  CloudFormationClient,
  Stack,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import {
  callsOfMock,
  expectCallsAllowed,
  stateBootstrapPrincipal,
} from '@videogen/iam-contract';
import { createStateBootstrapAction } from './stateBootstrap';

/** The identity the backend runs as, with the policy it must be given. */
const platformBackend = stateBootstrapPrincipal({
  accountId: '123456789012',
  stackName: 'videogen-terraform-state',
  stateBucketPrefix: 'videogen-tfstate-',
});

const cfn = mockClient(CloudFormationClient);
const fastWait = {
  minDelaySeconds: 1,
  maxDelaySeconds: 1,
  maxWaitSeconds: 20,
  eventPollSeconds: 0.05,
};

const stack = (status: string): Stack => ({
  StackName: 'videogen-terraform-state',
  StackId:
    'arn:aws:cloudformation:eu-west-1:123456789012:stack/videogen-terraform-state/1',
  StackStatus: status as Stack['StackStatus'],
  CreationTime: new Date(),
  Outputs: [
    { OutputKey: 'BucketName', OutputValue: 'videogen-tfstate-abc123' },
  ],
});

const notFound = Object.assign(
  new Error('Stack with id videogen-terraform-state does not exist'),
  {
    name: 'ValidationError',
  },
);

function context(input: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const ctx = createMockActionContext({
    input: { region: 'eu-west-1', ...input },
  });
  const logger = {
    ...ctx.logger,
    info: (message: string) => lines.push(message),
    warn: (message: string) => lines.push(message),
    error: (message: string) => lines.push(message),
    child: () => logger,
  } as unknown as typeof ctx.logger;
  return { ctx: { ...ctx, logger } as any, lines };
}

describe('videogen:state:bootstrap', () => {
  beforeEach(() => cfn.reset());

  it('creates the stack when it does not exist, streams its events and outputs the bucket name', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves({ Stacks: [stack('CREATE_COMPLETE')] });
    cfn.on(CreateStackCommand).resolves({ StackId: 'id' });
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          EventId: '2',
          StackId: 'stack-id',
          StackName: 'videogen-terraform-state',
          LogicalResourceId: 'StateBucket',
          ResourceType: 'AWS::S3::Bucket',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date(Date.now() + 1000),
        },
      ],
    });
    const { ctx, lines } = context();

    await createStateBootstrapAction({ wait: fastWait }).handler(ctx);

    const create = cfn.commandCalls(CreateStackCommand)[0].args[0].input;
    expect(create.StackName).toBe('videogen-terraform-state');
    await expectCallsAllowed(platformBackend, await callsOfMock(cfn));
    const template = JSON.parse(create.TemplateBody!);
    const bucket = template.Resources.StateBucket;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    });
    expect(
      Object.values(bucket.Properties.PublicAccessBlockConfiguration),
    ).toEqual([true, true, true, true]);
    // Encrypted at rest: SSE-S3 (AES256) when no KMS key is given, as here,
    // SSE-KMS with the given key otherwise; S3 bucket keys cut KMS calls.
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: { 'Fn::If': ['HasKmsKey', 'aws:kms', 'AES256'] },
            KMSMasterKeyID: {
              'Fn::If': [
                'HasKmsKey',
                { Ref: 'KmsKeyId' },
                { Ref: 'AWS::NoValue' },
              ],
            },
          },
        },
      ],
    });
    expect(template.Conditions.HasKmsKey).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'KmsKeyId' }, ''] }],
    });
    expect(create.Parameters).toContainEqual({
      ParameterKey: 'KmsKeyId',
      ParameterValue: '',
    });
    expect(
      template.Resources.StateBucketPolicy.Properties.PolicyDocument
        .Statement[0].Condition,
    ).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(lines).toContain('StateBucket (AWS::S3::Bucket): CREATE_COMPLETE');
    expect(ctx.output).toHaveBeenCalledWith(
      'bucketName',
      'videogen-tfstate-abc123',
    );
    expect(ctx.output).toHaveBeenCalledWith('region', 'eu-west-1');
  });

  it('encrypts the state bucket with SSE-KMS under the given key', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves({ Stacks: [stack('CREATE_COMPLETE')] });
    cfn.on(CreateStackCommand).resolves({ StackId: 'id' });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const kmsKeyId =
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { ctx } = context({ kmsKeyId });

    await createStateBootstrapAction({ wait: fastWait }).handler(ctx);

    const create = cfn.commandCalls(CreateStackCommand)[0].args[0].input;
    // The template's HasKmsKey condition turns a non-empty KmsKeyId into
    // SSEAlgorithm aws:kms with KMSMasterKeyID set to it.
    expect(create.Parameters).toContainEqual({
      ParameterKey: 'KmsKeyId',
      ParameterValue: kmsKeyId,
    });
  });

  it('updates an existing stack and waits for the update', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('CREATE_COMPLETE')] })
      .resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn.on(UpdateStackCommand).resolves({ StackId: 'id' });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const { ctx } = context();

    await createStateBootstrapAction({ wait: fastWait }).handler(ctx);

    expect(cfn.commandCalls(UpdateStackCommand)).toHaveLength(1);
    expect(cfn.commandCalls(CreateStackCommand)).toHaveLength(0);
    await expectCallsAllowed(platformBackend, await callsOfMock(cfn));
    expect(ctx.output).toHaveBeenCalledWith(
      'bucketName',
      'videogen-tfstate-abc123',
    );
  });

  it('treats "No updates are to be performed" as success', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn.on(UpdateStackCommand).rejects(
      Object.assign(new Error('No updates are to be performed.'), {
        name: 'ValidationError',
      }),
    );
    const { ctx, lines } = context();

    await createStateBootstrapAction({ wait: fastWait }).handler(ctx);

    expect(lines).toContain(
      'Stack videogen-terraform-state is already up to date.',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'bucketName',
      'videogen-tfstate-abc123',
    );
  });

  it("reports the failing resource's reason when the create rolls back", async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves({ Stacks: [stack('ROLLBACK_COMPLETE')] });
    cfn.on(CreateStackCommand).resolves({ StackId: 'id' });
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          EventId: 'b',
          StackId: 'stack-id',
          StackName: 'videogen-terraform-state',
          LogicalResourceId: 'videogen-terraform-state',
          ResourceType: 'AWS::CloudFormation::Stack',
          ResourceStatus: 'ROLLBACK_COMPLETE',
          Timestamp: new Date(Date.now() + 2000),
        },
        {
          EventId: 'a',
          StackId: 'stack-id',
          StackName: 'videogen-terraform-state',
          LogicalResourceId: 'StateBucket',
          ResourceType: 'AWS::S3::Bucket',
          ResourceStatus: 'CREATE_FAILED',
          ResourceStatusReason: 'acme-tfstate already exists',
          Timestamp: new Date(Date.now() + 1000),
        },
      ],
    });
    const { ctx } = context();

    await expect(
      createStateBootstrapAction({ wait: fastWait }).handler(ctx),
    ).rejects.toThrow(
      'CloudFormation create of stack videogen-terraform-state failed — StateBucket: acme-tfstate already exists',
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'bucketName',
      expect.anything(),
    );
  });

  it('retries throttled calls instead of failing the task', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
    });
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    cfn
      .on(UpdateStackCommand)
      .rejectsOnce(throttled)
      .rejects(
        Object.assign(new Error('No updates are to be performed.'), {
          name: 'ValidationError',
        }),
      );
    const { ctx } = context();

    await createStateBootstrapAction({ wait: fastWait }).handler(ctx);

    expect(cfn.commandCalls(UpdateStackCommand)).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith(
      'bucketName',
      'videogen-tfstate-abc123',
    );
  });
});
