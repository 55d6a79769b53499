/** Where an environment runs. @public */
export type EnvironmentTarget = 'local' | 'aws';

/** @public */
export const ENVIRONMENT_TARGETS: ReadonlyArray<EnvironmentTarget> = [
  'local',
  'aws',
];

/**
 * Environment names end up in AWS resource names, S3 keys, Terraform state
 * keys and catalog entity names, so they are kept to the intersection of what
 * all of those accept: 3 to 32 lowercase letters, digits and hyphens,
 * starting with a letter and not ending with a hyphen.
 *
 * @public
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/** @public */
export function checkEnvironmentName(name: string): string | undefined {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    return `"${name.slice(
      0,
      64,
    )}" is not a valid environment name: use 3 to 32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.`;
  }
  return undefined;
}
