import fs from 'node:fs';
import path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { AwsCall, iamRequestsFor, IamRequest } from './iamRequests';
import { PolicyDocument } from './policies';

export type Principal = {
  /** Name of the policy template (and of the principal in messages). */
  name: string;
  arn: string;
  accountId: string;
  policies: PolicyDocument[];
};

export type Denial = IamRequest & {
  operation: string;
  result: string;
};

async function evaluate(principal: Principal, request: IamRequest) {
  const response = await runSimulation(
    {
      identityPolicies: principal.policies.map((policy, i) => ({
        name: `${principal.name}-${i}`,
        policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: request.action,
        principal: principal.arn,
        resource: {
          accountId: principal.accountId,
          resource: request.resource,
        },
        contextVariables: request.context,
      },
    } as any,
    {},
  );
  if (response.resultType === 'error') {
    return `simulation error: ${JSON.stringify(response.errors)}`;
  }
  return response.overallResult as string;
}

/** Evaluates each call; returns those IAM would refuse. */
export async function deniedCalls(
  principal: Principal,
  calls: AwsCall[],
): Promise<Denial[]> {
  const denials: Denial[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    for (const request of iamRequestsFor(call, principal)) {
      const key = JSON.stringify(request);
      if (seen.has(key)) continue;
      seen.add(key);
      noteUsage(principal.name, request.action);
      const result = await evaluate(principal, request);
      if (result !== 'Allowed') {
        denials.push({
          ...request,
          operation: `${call.service} ${call.operation}`,
          result,
        });
      }
    }
  }
  return denials;
}

/**
 * Fails with every denied action and resource named, e.g.
 * `s3:DeleteObject on arn:aws:s3:::uploads/tmp/x (S3 DeleteObject): ImplicitlyDenied`.
 */
export async function expectCallsAllowed(
  principal: Principal,
  calls: AwsCall[],
): Promise<void> {
  if (calls.length === 0) {
    throw new Error(
      'No AWS calls were recorded: the IAM contract checked nothing',
    );
  }
  const denials = await deniedCalls(principal, calls);
  if (denials.length) {
    const lines = denials.map(
      d =>
        `  ${d.action} on ${d.resource} (${d.operation}${
          Object.keys(d.context).length ? `, ${JSON.stringify(d.context)}` : ''
        }): ${d.result}`,
    );
    throw new Error(
      `The ${principal.name} role's policy (terraform/policies/${
        principal.name
      }.json.tftpl) does not allow ${
        denials.length
      } call(s) our code makes:\n${lines.join('\n')}`,
    );
  }
}

/**
 * Appends the actions a principal used to `$IAM_USAGE_DIR/<name>.txt`, so
 * that the `test:aws` report can list actions granted but never used.
 */
function noteUsage(principal: string, action: string) {
  const dir = process.env.IAM_USAGE_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, `${principal}.txt`), `${action}\n`);
}
