import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Remove the state stack of a region, keeping the bucket and its history.',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'videogen:state:remove',
          name: 'Remove Terraform state stack',
          input: { region: 'eu-west-1' },
        },
      ],
    }),
  },
  {
    description: 'Remove the state stack and its bucket, which must be empty.',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'videogen:state:remove',
          name: 'Remove Terraform state stack and bucket',
          input: { region: 'eu-west-1', deleteBucket: true },
        },
      ],
    }),
  },
];
