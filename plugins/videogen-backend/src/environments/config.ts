import { Config } from '@backstage/config';
import {
  checkEnvironmentName,
  EnvironmentTarget,
} from '@videogen/plugin-videogen-common';

export type BuiltInEnvironment = {
  name: string;
  target: EnvironmentTarget;
  region: string;
  variables: Record<string, string | number | boolean>;
};

/**
 * Environments declared in config (`videogen.environments`). In local mode
 * there is one by default, `local`, so the upload flow works before anyone
 * provisions anything.
 */
export function readBuiltInEnvironments(config: Config): BuiltInEnvironment[] {
  const mode = config.getOptionalString('videogen.mode') ?? 'local';
  const declared = config.getOptionalConfigArray('videogen.environments');
  if (!declared) {
    return mode === 'local'
      ? [{ name: 'local', target: 'local', region: 'local', variables: {} }]
      : [];
  }
  return declared.map(entry => {
    const name = entry.getString('name');
    const problem = checkEnvironmentName(name);
    if (problem) {
      throw new Error(`videogen.environments: ${problem}`);
    }
    const target = (entry.getOptionalString('target') ??
      'local') as EnvironmentTarget;
    if (target !== 'local' && target !== 'aws') {
      throw new Error(
        `videogen.environments: environment "${name}" has target "${target}"; use local or aws.`,
      );
    }
    return {
      name,
      target,
      region:
        entry.getOptionalString('region') ??
        (target === 'local' ? 'local' : 'us-east-1'),
      variables:
        (entry
          .getOptionalConfig('variables')
          ?.get() as BuiltInEnvironment['variables']) ?? {},
    };
  });
}
