import {
  CloudFormationClient,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import yaml from 'yaml';
import { examples } from './stateBootstrap.examples';
import { createStateBootstrapAction } from './stateBootstrap';

const cfn = mockClient(CloudFormationClient);

describe('videogen:state:bootstrap examples', () => {
  beforeEach(() => {
    cfn.reset();
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'videogen-terraform-state',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'BucketName', OutputValue: 'acme-videogen-tfstate' },
          ],
        },
      ],
    });
    cfn.on(UpdateStackCommand).rejects(
      Object.assign(new Error('No updates are to be performed.'), {
        name: 'ValidationError',
      }),
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createStateBootstrapAction();
      const [step] = yaml.parse(example).steps;
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });

      await action.handler(ctx as any);

      const update = cfn.commandCalls(UpdateStackCommand)[0].args[0].input;
      expect(update.Parameters).toContainEqual({
        ParameterKey: 'BucketName',
        ParameterValue: step.input.bucketName ?? '',
      });
      expect(ctx.output).toHaveBeenCalledWith(
        'bucketName',
        'acme-videogen-tfstate',
      );
      expect(ctx.output).toHaveBeenCalledWith('region', step.input.region);
    },
  );
});
