import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Plan a local environment (no cloud account needed).',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'videogen:env:plan',
          name: 'Plan environment',
          input: { name: 'demo', target: 'local' },
        },
      ],
    }),
  },
  {
    description:
      'Plan an AWS environment in one region with two availability zones.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'videogen:env:plan',
          name: 'Plan environment',
          input: {
            name: 'prod-eu-west-1',
            target: 'aws',
            region: 'eu-west-1',
            variables: { az_count: 2 },
          },
        },
      ],
    }),
  },
];
