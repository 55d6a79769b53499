import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Bootstrap the Terraform state bucket of a region (a unique name is chosen).',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'videogen:state:bootstrap',
          name: 'Terraform state',
          input: { region: 'eu-west-1' },
        },
      ],
    }),
  },
  {
    description: 'Bootstrap a named, KMS-encrypted state bucket.',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'videogen:state:bootstrap',
          name: 'Terraform state',
          input: {
            region: 'us-east-1',
            stackName: 'videogen-terraform-state',
            bucketName: 'acme-videogen-tfstate-us-east-1',
            kmsKeyId: 'alias/terraform-state',
          },
        },
      ],
    }),
  },
];
