import {
  CloudFormationClient,
  DeleteStackCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DeleteBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_WAIT,
  describeStack,
  followStackOperation,
  sendWithBackoff,
  WaitOptions,
} from '../state/cloudFormation';
import { examples } from './stateRemove.examples';

/**
 * `videogen:state:remove` — deletes the Terraform state stack. The bucket is
 * retained (DeletionPolicy Retain) unless asked for, and then only if empty.
 */
export function createStateRemoveAction(
  options: {
    wait?: WaitOptions;
    s3ClientFor?: (region: string) => S3Client;
  } = {},
) {
  const wait = options.wait ?? DEFAULT_WAIT;
  const s3ClientFor =
    options.s3ClientFor ?? ((region: string) => new S3Client({ region }));
  return createTemplateAction({
    id: 'videogen:state:remove',
    description:
      'Deletes the CloudFormation stack of the Terraform state bucket. The bucket itself is kept unless deleteBucket is set and it is empty.',
    examples,
    schema: {
      input: {
        region: z =>
          z
            .string()
            .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
              message: 'use an AWS region such as eu-west-1',
            })
            .describe('AWS region of the state stack.'),
        stackName: z =>
          z
            .string()
            .default('videogen-terraform-state')
            .describe('Name of the CloudFormation stack.'),
        deleteBucket: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Also delete the state bucket. Refused when it still holds state files: destroy every environment of the region first.',
            ),
      },
      output: {
        bucketName: z =>
          z
            .string()
            .optional()
            .describe('The state bucket of the deleted stack.'),
        bucketDeleted: z =>
          z.boolean().describe('Whether the bucket was deleted too.'),
      },
    },
    async handler(ctx) {
      const { region } = ctx.input;
      const stackName = ctx.input.stackName ?? 'videogen-terraform-state';
      const client = new CloudFormationClient({ region });
      const stack = await describeStack(client, stackName);
      if (!stack) {
        ctx.logger.info(
          `Stack ${stackName} does not exist in ${region}; nothing to remove.`,
        );
        ctx.output('bucketDeleted', false);
        return;
      }
      const bucketName = stack.Outputs?.find(
        o => o.OutputKey === 'BucketName',
      )?.OutputValue;
      const s3 = s3ClientFor(region);
      if (ctx.input.deleteBucket && bucketName) {
        // Check before touching the stack, so a refusal leaves everything as it was.
        const listed = await s3.send(
          new ListObjectsV2Command({ Bucket: bucketName, MaxKeys: 10 }),
        );
        if ((listed.KeyCount ?? 0) > 0) {
          throw new Error(
            `Bucket ${bucketName} still holds Terraform state (${listed.Contents?.map(
              c => c.Key,
            ).join(
              ', ',
            )}); destroy the environments of ${region} first. Nothing was removed.`,
          );
        }
      }
      const since = new Date();
      await sendWithBackoff(() =>
        client.send(new DeleteStackCommand({ StackName: stackName })),
      );
      await followStackOperation({
        client,
        stackName,
        operation: 'delete',
        since,
        logger: ctx.logger,
        wait,
      });
      ctx.logger.info(
        `Stack ${stackName} deleted; bucket ${
          bucketName ?? '(unknown)'
        } retained.`,
      );

      let bucketDeleted = false;
      if (ctx.input.deleteBucket && bucketName) {
        try {
          await s3.send(new DeleteBucketCommand({ Bucket: bucketName }));
          bucketDeleted = true;
          ctx.logger.info(`Bucket ${bucketName} deleted.`);
        } catch (error) {
          if ((error as Error).name === 'BucketNotEmpty') {
            throw new Error(
              `Stack ${stackName} was deleted but bucket ${bucketName} still holds old versions of state files; empty it (all versions) and delete it by hand, or keep it.`,
            );
          }
          throw error;
        }
      }
      if (bucketName) ctx.output('bucketName', bucketName);
      ctx.output('bucketDeleted', bucketDeleted);
    },
  });
}
