import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPUs this process may really use. In a container (AWS Batch on EKS) the
 * node's core count overstates it: the pod's CPU limit is a cgroup quota.
 */
export function availableCpus(
  readFile: (path: string) => string = p => readFileSync(p, 'utf8'),
): number {
  const cores =
    typeof os.availableParallelism === 'function'
      ? os.availableParallelism()
      : os.cpus().length;
  const quota = cgroupCpuQuota(readFile);
  const limit =
    quota === undefined
      ? cores
      : Math.min(cores, Math.max(1, Math.ceil(quota)));
  return Math.max(1, limit);
}

export function cgroupCpuQuota(
  readFile: (path: string) => string,
): number | undefined {
  try {
    // cgroup v2: "<quota> <period>" or "max <period>".
    const [quota, period] = readFile('/sys/fs/cgroup/cpu.max')
      .trim()
      .split(/\s+/);
    if (quota !== 'max' && Number(period) > 0 && Number(quota) > 0) {
      return Number(quota) / Number(period);
    }
    return undefined;
  } catch {
    // Fall through to cgroup v1.
  }
  try {
    const quota = Number(
      readFile('/sys/fs/cgroup/cpu/cpu.cfs_quota_us').trim(),
    );
    const period = Number(
      readFile('/sys/fs/cgroup/cpu/cpu.cfs_period_us').trim(),
    );
    return quota > 0 && period > 0 ? quota / period : undefined;
  } catch {
    return undefined;
  }
}

/** Runs at most `limit` tasks at a time, in submission order. */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      // A finishing task hands its slot straight to us (see finally below).
      await new Promise<void>(resolve => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) {
        next();
      } else {
        this.active--;
      }
    }
  }
}
