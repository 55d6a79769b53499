import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createOrUpdateStack,
  DEFAULT_WAIT,
  WaitOptions,
} from '../state/cloudFormation';
import { stateBucketTemplate } from '../state/stateBucketTemplate';
import { examples } from './stateBootstrap.examples';

/**
 * `videogen:state:bootstrap` — creates or updates, idempotently, the
 * CloudFormation stack that holds the Terraform state bucket of a region.
 */
export function createStateBootstrapAction(
  options: { wait?: WaitOptions } = {},
) {
  const wait = options.wait ?? DEFAULT_WAIT;
  return createTemplateAction({
    id: 'videogen:state:bootstrap',
    description:
      'Creates or updates the CloudFormation stack holding the Terraform state bucket (versioned, encrypted, private, TLS-only, retained on delete) and outputs the bucket name. Running it again changes nothing.',
    examples,
    schema: {
      input: {
        region: z =>
          z
            .string()
            .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
              message: 'use an AWS region such as eu-west-1',
            })
            .describe('AWS region of the state bucket, such as eu-west-1.'),
        stackName: z =>
          z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, {
              message:
                'use letters, digits and hyphens, starting with a letter',
            })
            .default('videogen-terraform-state')
            .describe('Name of the CloudFormation stack.'),
        bucketName: z =>
          z
            .string()
            .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
              message: 'not a valid S3 bucket name',
            })
            .optional()
            .describe(
              'Name of the state bucket. Leave empty to let CloudFormation choose a unique one.',
            ),
        kmsKeyId: z =>
          z
            .string()
            .optional()
            .describe(
              'KMS key ID or ARN for SSE-KMS. Leave empty for SSE-S3 (AES256).',
            ),
      },
      output: {
        bucketName: z => z.string().describe('The Terraform state bucket.'),
        stackName: z => z.string().describe('The CloudFormation stack.'),
        stackId: z => z.string().describe('The CloudFormation stack ID.'),
        region: z => z.string().describe('The region of the stack and bucket.'),
      },
    },
    async handler(ctx) {
      const { region } = ctx.input;
      const stackName = ctx.input.stackName ?? 'videogen-terraform-state';
      const client = new CloudFormationClient({ region });
      const stack = await createOrUpdateStack({
        client,
        stackName,
        templateBody: stateBucketTemplate(),
        parameters: [
          {
            ParameterKey: 'BucketName',
            ParameterValue: ctx.input.bucketName ?? '',
          },
          {
            ParameterKey: 'KmsKeyId',
            ParameterValue: ctx.input.kmsKeyId ?? '',
          },
        ],
        tags: [
          { Key: 'app', Value: 'video-generator' },
          { Key: 'managed-by', Value: 'backstage' },
        ],
        logger: ctx.logger,
        wait,
      });
      const bucketName = stack.Outputs?.find(
        o => o.OutputKey === 'BucketName',
      )?.OutputValue;
      if (!bucketName) {
        throw new Error(
          `Stack ${stackName} has no BucketName output; was it created by another tool?`,
        );
      }
      ctx.logger.info(`Terraform state bucket: s3://${bucketName} (${region})`);
      ctx.output('bucketName', bucketName);
      ctx.output('stackName', stackName);
      ctx.output('stackId', stack.StackId ?? stackName);
      ctx.output('region', region);
    },
  });
}
