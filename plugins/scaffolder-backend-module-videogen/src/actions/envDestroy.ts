import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RunApiClient } from '../client/RunApiClient';
import { examples } from './envDestroy.examples';
import { environmentInputSchema, runOutputSchema } from './environmentInput';
import { assertRunSucceeded, startAndFollowRun } from './followRun';

/**
 * `videogen:env:destroy` — drains the environment's job queue and destroys
 * it with Terraform. The environment leaves the catalog once this succeeds.
 */
export function createEnvDestroyAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'videogen:env:destroy',
    description:
      'Tears down a video-generator environment: disables its job queue, waits for running jobs, then terraform destroy, streaming the log into the task. A dry run only plans.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: environmentInputSchema.name,
        confirmation: z =>
          z
            .string()
            .optional()
            .describe(
              'The environment name typed again by the person asking for the teardown. When given, it must equal name, or nothing is destroyed.',
            ),
        drainTimeoutSeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .max(3600)
            .default(300)
            .describe(
              'How long to wait for running video jobs after the queue is disabled.',
            ),
        terminateRunningJobs: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Terminate jobs still running when the drain timeout expires. When false, such jobs make the teardown fail and the queue is enabled again.',
            ),
      },
      output: runOutputSchema,
    },
    async handler(ctx) {
      const { name, confirmation } = ctx.input;
      if (confirmation !== undefined && confirmation.trim() !== name) {
        throw new Error(
          `The confirmation "${confirmation}" does not match the environment name "${name}"; nothing was destroyed.`,
        );
      }
      const client = new RunApiClient(
        options.discovery,
        options.auth,
        await ctx.getInitiatorCredentials(),
      );
      ctx.output('entityRef', `resource:default/${name}`);
      const environment = await client.getEnvironment(name);
      if (!environment || environment.status === 'DESTROYED') {
        throw new Error(`There is no environment named "${name}" to destroy.`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would drain environment ${name} (up to ${
            ctx.input.drainTimeoutSeconds ?? 300
          } s) and destroy it; planning only.`,
        );
      }
      const run = await startAndFollowRun({
        ctx,
        client,
        environment: name,
        request: ctx.isDryRun
          ? { operation: 'plan' }
          : {
              operation: 'destroy',
              drainTimeoutSeconds: ctx.input.drainTimeoutSeconds ?? 300,
              terminateRunningJobs: ctx.input.terminateRunningJobs ?? false,
            },
      });
      assertRunSucceeded(run, name);
      ctx.output('runId', run.id);
      ctx.output('status', run.status);
    },
  });
}
