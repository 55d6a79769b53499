import fs from 'node:fs/promises';
import path from 'node:path';
import { ActiveRuns } from './activeRuns';
import { RunStore } from './RunStore';

/**
 * Describes a live Terraform process working on the environment, if there
 * is one: a run of this instance, a process an earlier (killed) instance on
 * this host left running, one started by hand in the environment's
 * directory, or a run another replica executes.
 */
export async function findLiveTerraform(options: {
  environment: string;
  active: ActiveRuns;
  runs: RunStore;
  /** `<host>:<suffix>` of this backend instance. */
  instanceId: string;
  /** The environment's Terraform working directory. */
  workDir: string;
}): Promise<string | undefined> {
  const { environment, runs } = options;
  for (const run of options.active.all()) {
    if (run.environment === environment && run.process?.isRunning) {
      return `run ${run.id}, pid ${run.process.pid}`;
    }
  }
  // A process of an earlier instance of this backend (one that was killed)
  // may still be running.
  const host = options.instanceId.split(':')[0];
  for (const run of await runs.list(environment, { limit: 20 })) {
    if (!run.pid || run.owner === undefined) continue;
    if (run.owner.split(':')[0] !== host) continue;
    if (await isTerraformProcess(run.pid)) {
      return `run ${run.id}, pid ${run.pid}`;
    }
  }
  // Terraform started by someone else (by hand, in the working directory).
  const stray = await terraformWorkingIn(options.workDir);
  if (stray) {
    return `pid ${stray}, working in the environment's directory`;
  }
  const active = await runs.activeRun(environment);
  if (active && active.status !== 'AWAITING_APPROVAL') {
    return `run ${active.id} is ${active.status.toLowerCase()} on ${
      active.owner ?? 'another backend instance'
    }`;
  }
  return undefined;
}

/**
 * The pid of a live terraform process on this machine that works on `dir`:
 * its current directory, its `-chdir` or its `TF_DATA_DIR` is inside it.
 * Undefined when there is none, or on a system without /proc.
 */
async function terraformWorkingIn(dir: string): Promise<number | undefined> {
  const root = await fs.realpath(dir).catch(() => path.resolve(dir));
  const inside = (candidate: string | undefined) => {
    if (!candidate) return false;
    const relative = path.relative(root, candidate);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  let entries: string[];
  try {
    entries = await fs.readdir('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8'))
        .split('\0')
        .filter(Boolean);
      if (!argv[0] || path.basename(argv[0]) !== 'terraform') continue;
      const cwd = await fs.readlink(`/proc/${pid}/cwd`);
      const chdir = argv
        .find(arg => arg.startsWith('-chdir='))
        ?.slice('-chdir='.length);
      const dataDir = (await fs.readFile(`/proc/${pid}/environ`, 'utf8'))
        .split('\0')
        .find(variable => variable.startsWith('TF_DATA_DIR='))
        ?.slice('TF_DATA_DIR='.length);
      if (
        inside(cwd) ||
        inside(chdir && path.resolve(cwd, chdir)) ||
        inside(dataDir && path.resolve(cwd, dataDir))
      ) {
        return pid;
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return undefined;
}

/** Whether `pid` is a live terraform process on this machine. */
async function isTerraformProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return /terraform/.test(cmdline);
  } catch {
    // No /proc (not Linux): a live process with that pid is enough.
    return true;
  }
}
