import { Config } from '@backstage/config';
import { findCaptionFont } from '@videogen/worker';
import { findExecutable } from './findExecutable';

/** One start-up check of something the plugin needs on its host. */
export type PrerequisiteCheck = {
  /** What is checked: `terraform`, `ffmpeg`, `ffprobe`, `espeak-ng`, `font`. */
  name: string;
  ok: boolean;
  /** What was found, or what is missing and what fails without it. */
  message: string;
  /** What to install (or configure) when it is missing. */
  install?: string;
};

type Probe = {
  name: string;
  neededFor: string;
  install: string;
  find: () => Promise<string | undefined>;
};

function programProbe(
  name: string,
  program: string,
  env: NodeJS.ProcessEnv,
  neededFor: string,
  install: string,
): Probe {
  return {
    name,
    neededFor,
    install,
    find: async () => findExecutable(program, env),
  };
}

/**
 * Whether the generator runs on this host: local mode with at least one
 * local worker. In aws mode (or a web-only replica, `workers: 0`) videos are
 * made elsewhere, so this host needs no media tools.
 */
function rendersOnThisHost(config: Config): boolean {
  const mode = config.getOptionalString('videogen.mode') ?? 'local';
  const workers = config.getOptionalNumber('videogen.queue.local.workers');
  return mode === 'local' && workers !== 0;
}

/**
 * The programs and files the plugin needs on its host: `terraform` for the
 * run engine, and in local mode what the generator (`@videogen/worker`)
 * runs — ffmpeg, ffprobe, espeak-ng — and its caption font. Each honours the
 * same override its user does (`videogen.terraform.binary`, the worker's
 * `VIDEOGEN_FFMPEG`, `VIDEOGEN_FFPROBE`, `VIDEOGEN_ESPEAK`, `VIDEOGEN_FONT`)
 * and the `PATH` the backend gives its children.
 */
function probes(config: Config, env: NodeJS.ProcessEnv): Probe[] {
  const terraformBinary =
    config.getOptionalString('videogen.terraform.binary') ?? 'terraform';
  const list: Probe[] = [
    programProbe(
      'terraform',
      terraformBinary,
      env,
      'Terraform runs (plan, apply, destroy) fail without it',
      'Terraform >= 1.10 on PATH (https://developer.hashicorp.com/terraform/install), or set videogen.terraform.binary',
    ),
  ];
  if (!rendersOnThisHost(config)) return list;
  const media = 'the local generator fails every video without it';
  list.push(
    programProbe(
      'ffmpeg',
      env.VIDEOGEN_FFMPEG?.trim() || 'ffmpeg',
      env,
      media,
      'ffmpeg (Debian/Ubuntu: apt-get install ffmpeg), or set VIDEOGEN_FFMPEG',
    ),
    programProbe(
      'ffprobe',
      env.VIDEOGEN_FFPROBE?.trim() || 'ffprobe',
      env,
      media,
      'ffprobe, part of ffmpeg (Debian/Ubuntu: apt-get install ffmpeg), or set VIDEOGEN_FFPROBE',
    ),
    programProbe(
      'espeak-ng',
      env.VIDEOGEN_ESPEAK?.trim() || 'espeak-ng',
      env,
      media,
      'espeak-ng (Debian/Ubuntu: apt-get install espeak-ng), or set VIDEOGEN_ESPEAK',
    ),
    {
      name: 'font',
      neededFor: media,
      install:
        'DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core), or set VIDEOGEN_FONT to a TTF/OTF file',
      // The generator's own lookup, so both agree on what counts as found.
      find: async () => {
        try {
          return (await findCaptionFont(env)).path;
        } catch {
          return undefined;
        }
      },
    },
  );
  return list;
}

/** Runs every check that applies to this host's configuration. */
export async function checkPrerequisites(
  config: Config,
  env: NodeJS.ProcessEnv,
): Promise<PrerequisiteCheck[]> {
  return Promise.all(
    probes(config, env).map(async probe => {
      const found = await probe.find();
      return found
        ? { name: probe.name, ok: true, message: `found ${found}` }
        : {
            name: probe.name,
            ok: false,
            message: `${probe.name} is missing: ${probe.neededFor}.`,
            install: probe.install,
          };
    }),
  );
}
