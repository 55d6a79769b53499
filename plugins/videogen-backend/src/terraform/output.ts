import { PlanSummary } from '@videogen/plugin-videogen-common';

// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and
// two-character escapes. `-no-color` removes Terraform's own colours, but
// provisioners and providers may still print some.
const ANSI_ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes ANSI escape sequences (colours and the like) from a line. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPES, '');
}

/**
 * Values shorter than this are not scrubbed: replacing every "1" or "ab" in a
 * log would make it unreadable while protecting nothing. The configuration
 * reader warns about such secrets.
 */
export const MIN_SCRUBBED_SECRET_LENGTH = 4;

/** What a secret value is replaced with wherever the engine stores text. */
export const SCRUBBED = '***';

/**
 * Replaces secret values (AWS credentials, secret Terraform variables) with
 * `***` in text the engine stores or returns: log lines, messages, outputs.
 */
export class SecretScrubber {
  private readonly secrets: string[];
  private readonly needles: string[];

  constructor(secrets: Iterable<string | undefined>) {
    this.secrets = [];
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
      this.secrets.push(secret);
      needles.add(secret);
      // Terraform prints strings JSON-escaped in plans and outputs.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) needles.add(escaped);
      // ...and base64-encoded where a value is (user data, rendered files).
      for (const encoded of base64Needles(secret)) needles.add(encoded);
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** A scrubber that also hides `more`. */
  with(more: Iterable<string | undefined>): SecretScrubber {
    return new SecretScrubber([...this.secrets, ...more]);
  }

  scrub(text: string): string {
    let result = text;
    for (const needle of this.needles) {
      if (result.includes(needle)) {
        result = result.split(needle).join(SCRUBBED);
      }
    }
    return result;
  }

  /** Scrubs every string inside a JSON-like value. */
  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map(v => this.scrubValue(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          this.scrub(k),
          this.scrubValue(v),
        ]),
      ) as T;
    }
    return value;
  }
}

/**
 * Secrets at least this long are also looked for inside base64 text. Shorter
 * ones would give needles of a few characters that match by chance.
 */
const MIN_BASE64_SCRUBBED_SECRET_LENGTH = 8;

/**
 * The base64 forms a secret takes inside a longer base64 text. Base64 encodes
 * 3 bytes as 4 characters, so the characters that stand for the secret depend
 * on where it starts modulo 3: for each of the 3 offsets, the characters fed
 * only by the secret's own bytes are a needle. Standard and URL alphabets.
 */
function base64Needles(secret: string): string[] {
  if (secret.length < MIN_BASE64_SCRUBBED_SECRET_LENGTH) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const needles: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    // Characters of complete 3-byte groups only: the last, partial group
    // also carries bits of whatever follows the secret.
    const complete = Math.floor(padded.length / 3) * 4;
    // The first characters carry bits of whatever precedes the secret.
    const leading = [0, 2, 3][offset];
    const needle = padded.toString('base64').slice(leading, complete);
    needles.push(needle, needle.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return needles;
}

/** Terraform's description of a state lock, as printed in its errors. */
export type LockInfo = {
  id: string;
  who?: string;
  operation?: string;
  created?: string;
  path?: string;
};

/**
 * Finds the lock Terraform reports when it cannot acquire the state lock:
 *
 * ```
 * Error: Error acquiring the state lock
 * ...
 * Lock Info:
 *   ID:        3b1d...
 *   Path:      terraform.tfstate
 *   Operation: OperationTypeApply
 *   Who:       ada@host
 *   Version:   1.11.4
 *   Created:   2026-11-26 10:00:00.12 +0000 UTC
 * ```
 */
export function parseLockInfo(output: string): LockInfo | undefined {
  const start = output.indexOf('Lock Info:');
  if (start < 0) return undefined;
  const block = output.slice(start, start + 2000);
  const field = (name: string) =>
    new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(block)?.[1]?.trim() ||
    undefined;
  const id = field('ID');
  if (!id) return undefined;
  return {
    id,
    who: field('Who'),
    operation: field('Operation'),
    created: field('Created'),
    path: field('Path'),
  };
}

/** Whether Terraform refused a saved plan because the state moved since. */
export function isStalePlanError(output: string): boolean {
  return /Saved plan is stale/i.test(output);
}

/**
 * The first error Terraform printed, as one line: the summary after
 * `Error: ` and the first paragraph of its detail, leaving out the source
 * location (`with ...,` / `on main.tf line 3 ...` and the code snippet).
 */
export function firstError(output: string): string | undefined {
  const lines = output.split('\n').map(line => line.replace(/^\s*[│╷╵]\s?/, ''));
  const index = lines.findIndex(line => /^\s*Error: /.test(line));
  if (index < 0) return undefined;
  const summary = lines[index].trim().replace(/^Error: /, '');
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (/^Error: /.test(line)) break;
    if (line === '') {
      if (current.length) paragraphs.push(current);
      current = [];
      if (paragraphs.length >= 4) break;
      continue;
    }
    current.push(line);
  }
  if (current.length) paragraphs.push(current);
  const detail = paragraphs.find(
    paragraph =>
      !/^(with |on )/.test(paragraph[0]) && !/^\d+:/.test(paragraph[0]),
  );
  const text = (detail ?? []).join(' ').replace(/\s+/g, ' ').trim();
  const sentence = text.length > 600 ? `${text.slice(0, 600)}…` : text;
  return sentence ? `${summary}: ${sentence}` : summary;
}

type PlanJson = {
  resource_changes?: Array<{ change?: { actions?: string[] } }>;
};

/**
 * Counts a plan's resource changes the way Terraform's own "Plan: N to add,
 * N to change, N to destroy" line does: a replacement is one add and one
 * destroy; reads, no-ops and forgets are not counted.
 */
export function summarizePlan(planJson: string): PlanSummary {
  const plan = JSON.parse(planJson) as PlanJson;
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0 };
  for (const resource of plan.resource_changes ?? []) {
    const actions = resource.change?.actions ?? [];
    if (actions.includes('create')) summary.add++;
    if (actions.includes('delete')) summary.destroy++;
    if (actions.includes('update')) summary.change++;
  }
  return summary;
}

type OutputJson = Record<string, { value: unknown; sensitive?: boolean }>;

/** Marker stored instead of a sensitive output's value. */
export const SENSITIVE_OUTPUT = '(sensitive)';

/**
 * `terraform output -json` as name → value. Sensitive outputs keep their
 * name but not their value: the database and the API never hold them.
 */
export function parseOutputs(outputJson: string): Record<string, unknown> {
  const outputs = JSON.parse(outputJson || '{}') as OutputJson;
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [
      name,
      output.sensitive ? SENSITIVE_OUTPUT : output.value,
    ]),
  );
}

/** Formats a plan summary like Terraform does. */
export function describePlan(summary: PlanSummary): string {
  return `${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy`;
}
