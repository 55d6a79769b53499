import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Variables the generator may inherit from the backend's environment. */
export const WORKER_ENV_ALLOWLIST = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  // The generator's own knobs (tool paths, font, temp dir, debugging).
  'VIDEOGEN_FFMPEG',
  'VIDEOGEN_FFPROBE',
  'VIDEOGEN_ESPEAK',
  'VIDEOGEN_FONT',
  'VIDEOGEN_TMPDIR',
  'VIDEOGEN_CONCURRENCY',
  'VIDEOGEN_DEBUG',
  'VIDEOGEN_WORKER_FROM_SOURCE',
  // Region only: in local mode the generator reads and writes local files.
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

/**
 * The generator's environment: the allow-listed variables of the backend's
 * own environment, never the rest (database passwords, backend secrets).
 */
export function workerEnvironment(
  processEnv: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of WORKER_ENV_ALLOWLIST) {
    const value = processEnv[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return env;
}

/** The generator CLI the local queue runs: config, else @videogen/worker's bin. */
export function resolveWorkerCommand(config: {
  workerCommand?: string[];
}): string[] {
  if (config.workerCommand) {
    return config.workerCommand;
  }
  return [
    process.execPath,
    resolvePackagePath('@videogen/worker', 'bin/videogen-worker'),
  ];
}
