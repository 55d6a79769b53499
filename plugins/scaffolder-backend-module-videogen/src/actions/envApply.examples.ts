import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Provision a local environment and apply it at once.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'videogen:env:apply',
          name: 'Provision environment',
          input: {
            name: 'demo',
            target: 'local',
          },
        },
      ],
    }),
  },
  {
    description:
      'Provision an AWS environment whose plan waits for approval before anything is created.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'videogen:env:apply',
          name: 'Provision environment',
          input: {
            name: 'prod-eu-west-1',
            target: 'aws',
            region: 'eu-west-1',
            requireApproval: true,
            variables: { az_count: 3, single_nat_gateway: false },
          },
        },
      ],
    }),
  },
];
