import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  isTemplateEntityV1beta3,
  templateEntityV1beta3Validator,
  TemplateEntityV1beta3,
} from '@backstage/plugin-scaffolder-common';
import request from 'supertest';
import yaml from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The actions are clients of the videogen plugin: tests run the real one.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import videogenPlugin from '@videogen/plugin-videogen-backend';
import { scaffolderModuleVideogen } from './module';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const readTemplate = (name: string) =>
  yaml.parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', name, 'template.yaml'),
      'utf8',
    ),
  ) as TemplateEntityV1beta3;

const templates = ['provision-environment', 'teardown-environment'];
const ourActions = [
  'videogen:state:bootstrap',
  'videogen:state:remove',
  'videogen:env:plan',
  'videogen:env:apply',
  'videogen:env:destroy',
];

describe.each(templates)('template %s', name => {
  const template = readTemplate(name);

  it('is a valid scaffolder.backstage.io/v1beta3 Template', async () => {
    expect(isTemplateEntityV1beta3(template)).toBe(true);
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
  });

  it('only uses actions this module registers', () => {
    for (const step of template.spec.steps) {
      expect(ourActions).toContain(step.action);
    }
  });
});

/** What the aws branch of the provision template requires besides regions. */
const AWS_INPUTS = {
  webImage:
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-backstage:1.0.0',
  workerImage:
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-worker:1.0.0',
  originDomain: 'origin.example.com',
  route53ZoneId: 'Z0123456789ABCDEFGHIJ',
};

describe('templates through the scaffolder API: dry runs and local tasks', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-dry-run-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleVideogen,
        videogenPlugin,
        // Real tasks (not dry runs) load their template from the catalog.
        catalogServiceMock.factory({
          entities: [
            {
              ...readTemplate('provision-environment'),
              metadata: {
                ...readTemplate('provision-environment').metadata,
                namespace: 'default',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            videogen: {
              dataDir,
              terraform: {
                environmentsDir: path.join(repoRoot, 'terraform/environments'),
                cliConfigFile: path.join(repoRoot, 'terraform/cli.tfrc'),
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const dryRun = (template: TemplateEntityV1beta3, values: object) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents: [] });

  const messages = (body: { log: Array<{ body: { message: string } }> }) =>
    body.log.map(entry => entry.body.message).join('\n');

  it('lists the five videogen actions, with their examples, at /api/scaffolder/v2/actions', async () => {
    const response = await request(server).get('/api/scaffolder/v2/actions');
    expect(response.status).toBe(200);
    const ours = response.body.filter((a: { id: string }) =>
      a.id.startsWith('videogen:'),
    );
    expect(ours.map((a: { id: string }) => a.id).sort()).toEqual(
      [...ourActions].sort(),
    );
    for (const action of ours) {
      expect(action.description).toBeTruthy();
      expect(action.examples.length).toBeGreaterThan(0);
      expect(action.schema.input.properties).toBeDefined();
    }
  });

  it('dry-runs the provision template for a new local environment without creating it', async () => {
    const response = await dryRun(readTemplate('provision-environment'), {
      name: 'dry-demo',
      target: 'local',
    });

    expect(response.body.error).toBeUndefined();
    expect(response.status).toBe(200);
    const log = messages(response.body);
    expect(log).toContain(
      'Dry run: would create environment dry-demo (local, local) and plan it.',
    );
    expect(log).toMatch(
      /would create environment dry-demo .* plan it and apply the plan/,
    );
    expect(response.body.output.links).toContainEqual(
      expect.objectContaining({ entityRef: 'resource:default/dry-demo' }),
    );
    // Nothing was created by the dry run.
    const environments = await request(server).get(
      '/api/videogen/environments',
    );
    expect(
      environments.body.items.map((e: { name: string }) => e.name),
    ).not.toContain('dry-demo');
  });

  it('dry-runs the provision template for two AWS regions: one environment per region, no cloud calls', async () => {
    const response = await dryRun(readTemplate('provision-environment'), {
      name: 'prod',
      target: 'aws',
      regions: ['eu-west-1', 'us-east-1'],
      ...AWS_INPUTS,
      azCount: 2,
      nodeInstanceType: 'm6i.large',
      nodeDesiredSize: 2,
      nodeMaxSize: 4,
      requireApproval: true,
    });

    expect(response.body.error).toBeUndefined();
    expect(response.status).toBe(200);
    const log = messages(response.body);
    expect(log).toContain(
      'would create environment prod-eu-west-1 (aws, eu-west-1)',
    );
    expect(log).toContain(
      'would create environment prod-us-east-1 (aws, us-east-1)',
    );
    expect(response.body.output.text).toEqual([
      {
        title: 'Result',
        content: expect.stringContaining(
          'Environment **prod** (aws) was planned and applied in eu-west-1, us-east-1.',
        ),
      },
    ]);
    // One link per region, straight to the environment's entity page.
    expect(response.body.output.links).toEqual([
      {
        title: 'Open prod-eu-west-1',
        icon: 'catalog',
        entityRef: 'resource:default/prod-eu-west-1',
      },
      {
        title: 'Open prod-us-east-1',
        icon: 'catalog',
        entityRef: 'resource:default/prod-us-east-1',
      },
    ]);
  });

  it('refuses an AWS name that leaves no room for the region suffix, but not the same name for local', async () => {
    // 18 characters: with -ap-southeast-1 (15) the environment name would
    // exceed the 32 the videogen API allows.
    const name = 'eighteen-chars-env';
    expect(name).toHaveLength(18);
    const aws = await dryRun(readTemplate('provision-environment'), {
      name,
      target: 'aws',
      regions: ['ap-southeast-1'],
    });
    expect(aws.status).toBe(400);
    expect(JSON.stringify(aws.body)).toMatch(/name.*17/);

    const local = await dryRun(readTemplate('provision-environment'), {
      name,
      target: 'local',
    });
    expect(local.body.error).toBeUndefined();
    expect(local.status).toBe(200);
  });

  it('accepts the longest AWS name: 17 characters plus the longest region suffix make 32', async () => {
    const response = await dryRun(readTemplate('provision-environment'), {
      name: 'seventeen-chr-env',
      target: 'aws',
      regions: ['ap-southeast-1'],
      ...AWS_INPUTS,
    });

    expect(response.body.error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(messages(response.body)).toContain(
      'would create environment seventeen-chr-env-ap-southeast-1 (aws, ap-southeast-1)',
    );
  });

  it('says a local provision whose plan awaits approval was not applied, and links to its entity page', async () => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: 'template:default/provision-environment',
        values: {
          name: 'approval-text',
          target: 'local',
          requireApproval: true,
        },
      });
    expect(created.status).toBe(201);

    let events: Array<{ type: string; body: any }> = [];
    const deadline = Date.now() + 60_000;
    while (!events.some(event => event.type === 'completion')) {
      if (Date.now() > deadline) throw new Error('The task did not finish');
      await new Promise(resolve => setTimeout(resolve, 200));
      events = (
        await request(server).get(
          `/api/scaffolder/v2/tasks/${created.body.id}/events`,
        )
      ).body;
    }
    const completion = events.find(event => event.type === 'completion')!;

    expect(completion.body.error).toBeUndefined();
    expect(completion.body.output.text).toEqual([
      {
        title: 'Result',
        content: expect.stringContaining(
          'Environment **approval-text** (local) was planned; nothing is applied yet.',
        ),
      },
    ]);
    expect(completion.body.output.links).toEqual([
      {
        title: 'Open the environment',
        icon: 'catalog',
        entityRef: 'resource:default/approval-text',
      },
    ]);
    // Frees the environment's run slot held by the waiting plan.
    const runs = await request(server).get(
      '/api/videogen/environments/approval-text/runs',
    );
    const waiting = runs.body.items.find(
      (run: { status: string }) => run.status === 'AWAITING_APPROVAL',
    );
    expect(waiting).toBeDefined();
    await request(server).post(`/api/videogen/runs/${waiting.id}/cancel`);
  });

  it('refuses provision values that break the template schema before running anything', async () => {
    const response = await dryRun(readTemplate('provision-environment'), {
      name: 'Bad Name!',
      target: 'local',
    });
    expect(response.status).toBe(400);
  });

  it('dry-runs the teardown template against the built-in local environment: a plan, no destroy', async () => {
    const response = await dryRun(readTemplate('teardown-environment'), {
      environment: 'resource:default/local',
      confirmation: 'local',
      drainTimeoutSeconds: 0,
    });

    expect(response.status).toBe(200);
    const log = messages(response.body);
    expect(log).toContain('Dry run: would drain environment local');
    expect(log).toMatch(/Started Terraform plan run/);
  });
});
