import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { JobRow } from './jobRows';

/**
 * A lease owner names the process holding a job: `<host>/<pid>/<random>`.
 * The host and pid let a restarted backend recognise leases its dead
 * predecessor on the same host left behind.
 */
export function newLeaseOwner(): string {
  return `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** Whether a process exists (EPERM: it does, but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The lease owners that were processes on `host`, other than `pid`, which
 * no longer exist. Owners of other hosts are never judged: their processes
 * cannot be seen from here.
 */
export function deadLeaseOwnersOnHost(
  owners: string[],
  here: { host: string; pid: number; isAlive: (pid: number) => boolean },
): string[] {
  return owners.filter(owner => {
    const parts = owner.split('/');
    const pid = Number(parts.at(-2));
    return (
      parts.slice(0, -2).join('/') === here.host &&
      Number.isInteger(pid) &&
      pid !== here.pid &&
      !here.isAlive(pid)
    );
  });
}

/** Columns that give a job's lease up, so that any replica may claim it. */
export const RELEASED_LEASE: Pick<
  JobRow,
  'lease_token' | 'lease_owner' | 'lease_expires_at'
> = {
  lease_token: null,
  lease_owner: null,
  lease_expires_at: null,
};
