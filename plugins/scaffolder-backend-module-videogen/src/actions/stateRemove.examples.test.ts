import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import yaml from 'yaml';
import { examples } from './stateRemove.examples';
import { createStateRemoveAction } from './stateRemove';

const cfn = mockClient(CloudFormationClient);

describe('videogen:state:remove examples', () => {
  beforeEach(() => {
    cfn.reset();
    // A stack without a bucket output: the examples exercise the stack
    // deletion; the bucket paths are covered against s3rver in
    // stateRemove.test.ts.
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          {
            StackName: 'videogen-terraform-state',
            StackStatus: 'CREATE_COMPLETE',
            CreationTime: new Date(),
          },
        ],
      })
      .rejects(
        Object.assign(new Error('Stack with id x does not exist'), {
          name: 'ValidationError',
        }),
      );
    cfn.on(DeleteStackCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createStateRemoveAction({
        wait: {
          minDelaySeconds: 1,
          maxDelaySeconds: 1,
          maxWaitSeconds: 10,
          eventPollSeconds: 0.05,
        },
        s3ClientFor: region => new S3Client({ region }),
      });
      const [step] = yaml.parse(example).steps;
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });

      await action.handler(ctx as any);

      expect(cfn.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({
        StackName: step.input.stackName ?? 'videogen-terraform-state',
      });
      expect(ctx.output).toHaveBeenCalledWith('bucketDeleted', false);
    },
  );
});
