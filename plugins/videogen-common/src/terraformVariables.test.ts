import fs from 'node:fs';
import path from 'node:path';
import {
  ADMIN_ONLY_TERRAFORM_VARIABLES,
  adminOnlyTerraformVariables,
  PROVISIONER_TERRAFORM_VARIABLES,
} from './terraformVariables';

const ROOTS = path.resolve(__dirname, '../../../terraform/environments');
/** Set by the run engine, never by a request. */
const RESERVED = [
  'name',
  'region',
  'storage_path',
  'worker_slots',
  'batch_kubernetes_prepared',
];

describe('Terraform variable classes', () => {
  it('classify every variable of the aws and local roots exactly once', () => {
    const declared = new Set<string>();
    for (const root of ['aws', 'local']) {
      const text = fs.readFileSync(
        path.join(ROOTS, root, 'variables.tf'),
        'utf8',
      );
      for (const [, name] of text.matchAll(/^variable "([^"]+)"/gm)) {
        declared.add(name);
      }
    }
    const classified = [
      ...PROVISIONER_TERRAFORM_VARIABLES,
      ...Object.keys(ADMIN_ONLY_TERRAFORM_VARIABLES),
    ];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...declared].filter(n => !RESERVED.includes(n)).sort()).toEqual(
      classified.sort(),
    );
  });

  it('treats principals, CIDRs, images and security switches as admin-only', () => {
    expect(
      adminOnlyTerraformVariables({
        az_count: 2,
        worker_image: 'x',
        cluster_admin_principal_arns: '[]',
        cluster_endpoint_public_access_cidrs: '[]',
        restrict_alb_to_cloudfront: false,
        node_group_max_size: 4,
        something_new: 1,
      }),
    ).toEqual([
      'cluster_admin_principal_arns',
      'cluster_endpoint_public_access_cidrs',
      'restrict_alb_to_cloudfront',
      'something_new',
      'worker_image',
    ]);
  });
});
