import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Tear down an environment, waiting up to five minutes for running jobs.',
    example: yaml.stringify({
      steps: [
        {
          id: 'destroy',
          action: 'videogen:env:destroy',
          name: 'Destroy environment',
          input: {
            name: 'demo',
            confirmation: 'demo',
            drainTimeoutSeconds: 300,
          },
        },
      ],
    }),
  },
  {
    description: 'Tear down at once, terminating any video job still running.',
    example: yaml.stringify({
      steps: [
        {
          id: 'destroy',
          action: 'videogen:env:destroy',
          name: 'Destroy environment',
          input: {
            name: 'demo',
            drainTimeoutSeconds: 0,
            terminateRunningJobs: true,
          },
        },
      ],
    }),
  },
];
