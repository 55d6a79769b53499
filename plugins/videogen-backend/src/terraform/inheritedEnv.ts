/**
 * Variables of the backend's own environment that Terraform may see:
 * what it needs to find programs and certificates, proxies, and the AWS
 * SDK's settings (profiles, credentials, web identity, container roles).
 * Anything else, Backstage's own secrets included, stays with the backend.
 */
const INHERITED = [
  /^PATH$/,
  /^HOME$/,
  /^USER$/,
  /^LOGNAME$/,
  /^LANG$/,
  /^LC_[A-Z]+$/,
  /^TZ$/,
  /^TMPDIR$/,
  /^(HTTPS?|NO|ALL)_PROXY$/i,
  /^SSL_CERT_(FILE|DIR)$/,
  /^AWS_[A-Z0-9_]+$/,
];

/** Picks the variables Terraform may inherit from the backend's environment. */
export function inheritedTerraformEnv(
  env: Record<string, string | undefined>,
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && INHERITED.some(pattern => pattern.test(key))) {
      picked[key] = value;
    }
  }
  return picked;
}
