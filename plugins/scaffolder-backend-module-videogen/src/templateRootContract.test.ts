import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import yaml from 'yaml';
// The actions are clients of the videogen plugin: tests run the real one.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import videogenPlugin from '@videogen/plugin-videogen-backend';
// The contract is about the exact variables the run engine derives from an
// environment, so the test uses the engine's own code for it (test only).
/* eslint-disable @backstage/no-relative-monorepo-imports */
import { TerraformWorkspace } from '../../videogen-backend/src/terraform/TerraformWorkspace';
import { readTerraformSettings } from '../../videogen-backend/src/terraform/config';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { scaffolderModuleVideogen } from './module';

const execFileAsync = promisify(execFile);
jest.setTimeout(600_000);

const repoRoot = path.resolve(__dirname, '../../..');
const environmentsDir = path.join(repoRoot, 'terraform/environments');
const template = yaml.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/provision-environment/template.yaml'),
    'utf8',
  ),
) as TemplateEntityV1beta3;

/** What the aws branch requires; everything else keeps its default. */
const AWS_INPUTS = {
  webImage:
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-backstage:1.0.0',
  workerImage:
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-worker:1.0.0',
  originDomain: 'origin.example.com',
  route53ZoneId: 'Z0123456789ABCDEFGHIJ',
};

const cases: Array<[string, Record<string, unknown>]> = [
  ['local', { name: 'contract-local', target: 'local' }],
  [
    'aws, one region',
    { name: 'contract', target: 'aws', regions: ['eu-west-1'], ...AWS_INPUTS },
  ],
  [
    'aws, two regions',
    {
      name: 'contract',
      target: 'aws',
      regions: ['eu-west-1', 'us-east-1'],
      ...AWS_INPUTS,
    },
  ],
];

/** Names of the variables a root module declares. */
function declaredVariables(root: string): string[] {
  const names: string[] = [];
  for (const file of fs.readdirSync(root).filter(f => f.endsWith('.tf'))) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/^variable\s+"([^"]+)"/gm)) {
      names.push(match[1]);
    }
  }
  return names.sort();
}

/**
 * For the default inputs of the provision template, per target: the
 * variables the run engine would pass for each environment the template
 * creates are exactly ones the root declares, and the root plans with them
 * (mocked AWS provider), so nothing required is missing and every
 * validation accepts the values.
 */
describe('provision template → Terraform root contract', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dataDir: string;
  const settings = () =>
    readTerraformSettings(
      new ConfigReader({
        videogen: {
          dataDir,
          terraform: {
            environmentsDir,
            cliConfigFile: path.join(repoRoot, 'terraform/cli.tfrc'),
          },
        },
      }),
      { cwd: repoRoot },
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-contract-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleVideogen,
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            videogen: {
              dataDir,
              terraform: { environmentsDir },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** The environments a dry run would create, with their variables. */
  async function environmentsOf(values: Record<string, unknown>) {
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents: [] });
    expect(response.body.error).toBeUndefined();
    const log: string[] = response.body.log.map(
      (entry: { body: { message: string } }) => entry.body.message,
    );
    const created = log.flatMap(line => {
      const m = /would create environment (\S+) \((\w+), ([\w-]+)\)/.exec(line);
      return m ? [{ name: m[1], target: m[2], region: m[3] }] : [];
    });
    return created.map(environment => {
      const line = log.find(l =>
        l.includes(
          `Dry run: environment ${environment.name} would get the variables `,
        ),
      );
      expect({ line, log }).toEqual({ line: expect.any(String), log });
      const variables = JSON.parse(
        line!.replace(/^.*would get the variables /, ''),
      );
      return { ...environment, variables } as {
        name: string;
        target: 'local' | 'aws';
        region: string;
        variables: Record<string, string | number | boolean>;
      };
    });
  }

  const initialized = new Set<string>();
  async function planRoot(target: string, variables: Record<string, string>) {
    const root = path.join(environmentsDir, target);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: path.join(repoRoot, 'terraform/cli.tfrc'),
      TF_DATA_DIR: path.join(dataDir, `tf-contract-${target}`),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
    };
    if (!initialized.has(target)) {
      await execFileAsync(
        'terraform',
        [
          `-chdir=${root}`,
          'init',
          '-backend=false',
          '-input=false',
          '-no-color',
        ],
        { env },
      );
      initialized.add(target);
    }
    for (const [name, value] of Object.entries(variables)) {
      env[`TF_VAR_${name}`] = value;
    }
    return execFileAsync(
      'terraform',
      [`-chdir=${root}`, 'test', '-no-color', '-test-directory=tests/contract'],
      { env },
    ).catch(error => ({
      stdout: `${error.stdout}${error.stderr}`,
      failed: true,
    }));
  }

  it.each(cases)(
    '%s: every variable is declared and the root plans',
    async (_, values) => {
      const environments = await environmentsOf(values);
      expect(environments.length).toBeGreaterThan(0);
      for (const environment of environments) {
        const workspace = new TerraformWorkspace(settings(), {
          ...environment,
          status: 'NEW',
        } as any);
        const variables = workspace.variables();
        const declared = declaredVariables(
          path.join(environmentsDir, environment.target),
        );
        // Terraform ignores a TF_VAR_ it does not know: an unknown name would
        // silently do nothing, so it is checked here.
        expect(
          Object.keys(variables).filter(n => !declared.includes(n)),
        ).toEqual([]);
        const result = await planRoot(environment.target, variables);
        expect({
          environment: environment.name,
          output: result.stdout,
        }).toEqual({
          environment: environment.name,
          output: expect.stringMatching(/1 passed, 0 failed/),
        });
      }
    },
  );
});
