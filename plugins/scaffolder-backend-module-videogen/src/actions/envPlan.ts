import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RunApiClient } from '../client/RunApiClient';
import { examples } from './envPlan.examples';
import {
  environmentInputSchema,
  runOutputSchema,
  toCreateRequest,
} from './environmentInput';
import { assertRunSucceeded, startAndFollowRun } from './followRun';

/**
 * `videogen:env:plan` — creates the environment if it does not exist yet and
 * runs `terraform plan` for it, streaming the plan into the task log.
 */
export function createEnvPlanAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'videogen:env:plan',
    description:
      'Plans a video-generator environment with Terraform (creating its record first if needed) and streams the plan into the task log. Changes nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: environmentInputSchema,
      output: {
        ...runOutputSchema,
        hasChanges: z =>
          z.boolean().describe('Whether the plan would change anything.'),
        add: z => z.number().describe('Resources the plan would create.'),
        change: z =>
          z.number().describe('Resources the plan would change in place.'),
        destroy: z => z.number().describe('Resources the plan would destroy.'),
      },
    },
    async handler(ctx) {
      const request = toCreateRequest(ctx.input);
      const client = new RunApiClient(
        options.discovery,
        options.auth,
        await ctx.getInitiatorCredentials(),
      );
      ctx.output('entityRef', `resource:default/${request.name}`);
      if (ctx.isDryRun) {
        // A dry run leaves no trace: plan an environment that exists, only
        // describe one that would be created.
        const existing = await client.getEnvironment(request.name);
        if (!existing || existing.status === 'DESTROYED') {
          ctx.logger.info(
            `Dry run: would create environment ${request.name} (${request.target}, ${request.region}) and plan it.`,
          );
          // What the template filled in, so a dry run in the template editor
          // shows the Terraform variables the environment would get (secret
          // variables come from the backend's configuration, never from here).
          ctx.logger.info(
            `Dry run: environment ${
              request.name
            } would get the variables ${JSON.stringify(
              request.variables ?? {},
            )}`,
          );
          ctx.output('runId', 'dry-run');
          ctx.output('status', 'DRY_RUN');
          return;
        }
      }
      await client.ensureEnvironment(request);
      const run = await startAndFollowRun({
        ctx,
        client,
        environment: request.name,
        request: { operation: 'plan' },
      });
      assertRunSucceeded(run, request.name);
      const summary = run.planSummary ?? { add: 0, change: 0, destroy: 0 };
      ctx.logger.info(
        `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.`,
      );
      ctx.output('runId', run.id);
      ctx.output('status', run.status);
      ctx.output(
        'hasChanges',
        run.hasChanges ?? summary.add + summary.change + summary.destroy > 0,
      );
      ctx.output('add', summary.add);
      ctx.output('change', summary.change);
      ctx.output('destroy', summary.destroy);
    },
  });
}
