import { Config } from '@backstage/config';
import { readMode } from '../config/shared';

/**
 * `videogen.approval.allowSelfApproval`: whether the user who started a run
 * may approve it. Honoured in local mode only, so that the flag of the
 * one-person local demo (app-config.yaml, which the AWS web tier reads too)
 * never turns four eyes off in an aws deployment.
 */
export function readAllowSelfApproval(config: Config): boolean {
  return (
    readMode(config) === 'local' &&
    (config.getOptionalBoolean('videogen.approval.allowSelfApproval') ?? false)
  );
}
