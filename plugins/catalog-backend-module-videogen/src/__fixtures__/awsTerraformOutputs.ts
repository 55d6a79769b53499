import terraformOutputJson from './aws-terraform-output.json';

/**
 * `terraform output -json` of `terraform/environments/aws` after a first
 * apply of an environment named `prod-eu` in eu-west-1: every output the root
 * declares, in Terraform's own shape (sensitive, type, value).
 */
export const awsTerraformOutputJson: Record<
  string,
  { sensitive: boolean; type: unknown; value: unknown }
> = terraformOutputJson;

/**
 * The same outputs as the videogen backend keeps them in
 * `Environment.outputs` (its run engine's parseOutputs): name → value, with a
 * marker instead of a sensitive value.
 */
export function appliedAwsOutputs(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(awsTerraformOutputJson).map(([name, output]) => [
      name,
      output.sensitive ? '(sensitive)' : output.value,
    ]),
  );
}
