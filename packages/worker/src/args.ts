import { InputError } from './errors';

/** @public */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'render';
      photoUri: string;
      scriptUri: string;
      outputUri: string;
      concurrency?: number;
      /** Cancel the render when standard input closes (see USAGE). */
      leaseStdin?: boolean;
    };

export const USAGE = `Usage:
  videogen-worker render --photo <uri> --script <uri> --out <uri> [--concurrency <n>] [--lease-stdin]
  videogen-worker --version
  videogen-worker --help

Turns a character photo and a script into a narrated video. Writes
<out>/video.mp4, <out>/poster.jpg and <out>/result.json, or nothing on failure.

URIs are file:///absolute/path or s3://bucket/key; --out is a prefix.

Options (each may come from the environment instead; flags win):
  --photo <uri>        JPEG, PNG or WebP photo         VIDEOGEN_PHOTO_URI
  --script <uri>       UTF-8 text, one scene/sentence  VIDEOGEN_SCRIPT_URI
  --out <uri>          output prefix                   VIDEOGEN_OUTPUT_URI
  --concurrency <n>    scenes rendered in parallel     VIDEOGEN_CONCURRENCY
                       (default: CPUs available to the process)
  --lease-stdin        the render lives only while standard input stays
                       open: when it closes (the parent that holds the
                       job's lease let go of it, or died), the render is
                       cancelled and nothing is published

Progress is printed on stdout as JSON lines; on failure a single line
"videogen-worker: <reason>" goes to stderr.

Exit codes: 0 done, 1 processing failed, 2 bad arguments or inputs,
130/143 cancelled by SIGINT/SIGTERM.
`;

const FLAGS: Record<
  string,
  'photoUri' | 'scriptUri' | 'outputUri' | 'concurrency'
> = {
  '--photo': 'photoUri',
  '--script': 'scriptUri',
  '--out': 'outputUri',
  '--output': 'outputUri',
  '--concurrency': 'concurrency',
};

export function parseConcurrency(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new InputError(
      `${source} must be a positive whole number, got "${value}"`,
    );
  }
  const n = Number(value.trim());
  if (n < 1 || n > 64) {
    throw new InputError(`${source} must be between 1 and 64, got ${n}`);
  }
  return n;
}

/**
 * Parses the command line, falling back to the VIDEOGEN_* environment that
 * AWS Batch uses to pass a job's inputs.
 */
export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): CliCommand {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    return { kind: 'help' };
  }
  if (
    argv.includes('--version') ||
    argv.includes('-v') ||
    argv[0] === 'version'
  ) {
    return { kind: 'version' };
  }
  const [command, ...rest] = argv;
  if (command === undefined) {
    throw new InputError(
      'missing command; usage: videogen-worker render --photo <uri> --script <uri> --out <uri>',
    );
  }
  if (command !== 'render') {
    throw new InputError(
      `unknown command "${command}"; run videogen-worker --help`,
    );
  }

  let leaseStdin = false;
  const values: Partial<
    Record<'photoUri' | 'scriptUri' | 'outputUri' | 'concurrency', string>
  > = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--lease-stdin') {
      leaseStdin = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const field = FLAGS[name];
    if (!field) {
      throw new InputError(
        arg.startsWith('-')
          ? `unknown option ${name}; run videogen-worker --help`
          : `unexpected argument "${arg}"; run videogen-worker --help`,
      );
    }
    let value: string | undefined;
    if (eq !== -1 && arg.startsWith('--')) {
      value = arg.slice(eq + 1);
    } else {
      value = rest[i + 1];
      i++;
    }
    if (value === undefined || (value.startsWith('--') && eq === -1)) {
      throw new InputError(`option ${name} needs a value`);
    }
    if (values[field] !== undefined) {
      throw new InputError(`option ${name} given more than once`);
    }
    values[field] = value;
  }

  const pick = (
    field: 'photoUri' | 'scriptUri' | 'outputUri',
    envName: string,
    flag: string,
  ) => {
    const value = values[field] ?? env[envName];
    if (value === undefined || value.trim() === '') {
      throw new InputError(`missing ${flag} <uri> (or ${envName})`);
    }
    return value.trim();
  };
  const photoUri = pick('photoUri', 'VIDEOGEN_PHOTO_URI', '--photo');
  const scriptUri = pick('scriptUri', 'VIDEOGEN_SCRIPT_URI', '--script');
  const outputUri = pick('outputUri', 'VIDEOGEN_OUTPUT_URI', '--out');

  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = parseConcurrency(values.concurrency, '--concurrency');
  } else if (
    env.VIDEOGEN_CONCURRENCY !== undefined &&
    env.VIDEOGEN_CONCURRENCY.trim() !== ''
  ) {
    concurrency = parseConcurrency(
      env.VIDEOGEN_CONCURRENCY,
      'VIDEOGEN_CONCURRENCY',
    );
  }
  return {
    kind: 'render',
    photoUri,
    scriptUri,
    outputUri,
    concurrency,
    ...(leaseStdin ? { leaseStdin } : {}),
  };
}
