import fs from 'node:fs';
import path from 'node:path';

/** An IAM policy document as JSON. */
export type PolicyDocument = {
  Version: string;
  Statement: Array<Record<string, unknown>>;
};

/** The folder of policy templates that Terraform renders with `templatefile`. */
export function policiesDir(): string {
  // Test-only package, never built: its source always sits in the repository.
  // eslint-disable-next-line no-restricted-syntax
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'terraform', 'policies');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'No terraform/policies folder above the IAM contract package',
      );
    }
    dir = parent;
  }
}

/** Names of the policy templates (`<name>.json.tftpl`). */
export function policyNames(): string[] {
  return fs
    .readdirSync(policiesDir())
    .filter(file => file.endsWith('.json.tftpl'))
    .map(file => file.replace(/\.json\.tftpl$/, ''))
    .sort();
}

/**
 * Renders a policy template exactly as Terraform's `templatefile` would for
 * templates that use only `${name}` interpolation (which is all ours use:
 * the renderer refuses directives so the two can never disagree).
 */
export function renderPolicy(
  name: string,
  vars: Record<string, string>,
): PolicyDocument {
  const file = path.join(policiesDir(), `${name}.json.tftpl`);
  const template = fs.readFileSync(file, 'utf8');
  if (/%\{/.test(template)) {
    throw new Error(
      `${file} uses a template directive; only \${name} interpolation is supported`,
    );
  }
  const missing = new Set<string>();
  const rendered = template.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (_, key) => {
      if (!(key in vars)) {
        missing.add(key);
        return '';
      }
      return vars[key];
    },
  );
  if (missing.size) {
    throw new Error(`${file} needs variables: ${[...missing].join(', ')}`);
  }
  return JSON.parse(rendered);
}

/** Every action a policy grants (Allow statements), as written. */
export function grantedActions(policy: PolicyDocument): string[] {
  const actions = new Set<string>();
  for (const statement of policy.Statement) {
    if (statement.Effect !== 'Allow') continue;
    const list = statement.Action;
    for (const action of Array.isArray(list) ? list : [list]) {
      if (typeof action === 'string') actions.add(action);
    }
  }
  return [...actions].sort();
}
