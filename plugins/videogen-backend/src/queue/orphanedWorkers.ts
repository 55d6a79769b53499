import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** A process as /proc describes it. */
export type ProcessInfo = {
  pid: number;
  ppid: number;
  /** Process group id (the worker leads its own group). */
  pgid: number;
  argv: string[];
};

/**
 * The processes of this host from a /proc-like directory; empty where there
 * is none (macOS), and processes that vanish while being read are skipped.
 */
export async function listProcesses(procDir = '/proc'): Promise<ProcessInfo[]> {
  let entries: string[];
  try {
    entries = await fs.promises.readdir(procDir);
  } catch {
    return [];
  }
  const processes: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = await fs.promises.readFile(
        path.join(procDir, entry, 'stat'),
        'utf8',
      );
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = await fs.promises.readFile(
        path.join(procDir, entry, 'cmdline'),
        'utf8',
      );
      processes.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        argv: cmdline.split('\0').filter(Boolean),
      });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return processes;
}

/**
 * Whether a process is a generator render writing under `outputPrefix` (this
 * data directory's `videos/` URI) whose backend is gone: its parent is init
 * (the kernel re-parents orphans to pid 1) and not this process.
 */
export function isOrphanedWorker(
  proc: ProcessInfo,
  outputPrefix: string,
  selfPid: number = process.pid,
): boolean {
  if (proc.ppid !== 1 || proc.pid === selfPid || proc.ppid === selfPid) {
    return false;
  }
  const render = proc.argv.indexOf('render');
  const out = proc.argv.indexOf('--out', render);
  return (
    render !== -1 &&
    out !== -1 &&
    (proc.argv[out + 1] ?? '').startsWith(outputPrefix)
  );
}

/**
 * Kills the generator renders a previous backend of this data directory
 * left running (it was killed without a chance to stop them), each with its
 * process group, and logs each one. Returns the pids it killed.
 */
export async function reapOrphanedWorkers(options: {
  outputPrefix: string;
  logger: LoggerService;
  procDir?: string;
  kill?: (pid: number, signal: NodeJS.Signals) => void;
}): Promise<number[]> {
  const kill = options.kill ?? ((pid, signal) => process.kill(pid, signal));
  const killed: number[] = [];
  for (const proc of await listProcesses(options.procDir)) {
    if (!isOrphanedWorker(proc, options.outputPrefix)) {
      continue;
    }
    const out = proc.argv[proc.argv.indexOf('--out') + 1];
    try {
      // Its group holds the tools it started (ffmpeg, espeak-ng).
      kill(proc.pgid === proc.pid ? -proc.pid : proc.pid, 'SIGKILL');
      killed.push(proc.pid);
      options.logger.warn(
        `Killed a generator a previous backend left running: pid ${proc.pid}, output ${out}`,
      );
    } catch (error) {
      options.logger.warn(
        `Could not kill the leftover generator pid ${proc.pid} (output ${out}): ${error}`,
      );
    }
  }
  return killed;
}
