import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RunApiClient } from '../client/RunApiClient';
import { examples } from './envApply.examples';
import {
  environmentInputSchema,
  runOutputSchema,
  toCreateRequest,
} from './environmentInput';
import { assertRunSucceeded, startAndFollowRun } from './followRun';

/**
 * `videogen:env:apply` — creates the environment if needed, plans it and
 * applies exactly that plan. When the environment requires approval the run
 * stops at AWAITING_APPROVAL and the action succeeds, saying who must approve.
 */
export function createEnvApplyAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'videogen:env:apply',
    description:
      'Provisions or changes a video-generator environment: terraform plan, then apply of exactly that plan (or wait for approval), streaming the log into the task. A dry run only plans.',
    examples,
    supportsDryRun: true,
    schema: {
      input: environmentInputSchema,
      output: {
        ...runOutputSchema,
        awaitingApproval: z =>
          z
            .boolean()
            .describe(
              'True when the plan waits for approval instead of being applied.',
            ),
        outputs: z =>
          z
            .record(z.unknown())
            .describe("The environment's Terraform outputs after the apply."),
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

      const existing = await client.getEnvironment(request.name);
      if (ctx.isDryRun) {
        if (!existing || existing.status === 'DESTROYED') {
          ctx.logger.info(
            `Dry run: would create environment ${request.name} (${request.target}, ${request.region}), plan it and apply the plan.`,
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
          ctx.output('awaitingApproval', false);
          ctx.output('outputs', {});
          return;
        }
        ctx.logger.info('Dry run: planning only, nothing is applied.');
      } else {
        await client.ensureEnvironment(request);
      }

      const run = await startAndFollowRun({
        ctx,
        client,
        environment: request.name,
        request: { operation: ctx.isDryRun ? 'plan' : 'apply' },
      });
      assertRunSucceeded(run, request.name);
      const awaitingApproval = run.status === 'AWAITING_APPROVAL';
      if (awaitingApproval) {
        ctx.logger.info(
          `The plan of run ${run.id} waits for approval by an approver other than the person who started the run; approve it on the environment's page.`,
        );
      }
      const environment = await client.getEnvironment(request.name);
      ctx.output('runId', run.id);
      ctx.output('status', run.status);
      ctx.output('awaitingApproval', awaitingApproval);
      ctx.output('outputs', environment?.outputs ?? {});
    },
  });
}
