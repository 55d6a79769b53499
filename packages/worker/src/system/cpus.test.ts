import { Limiter, availableCpus, cgroupCpuQuota } from './cpus';

const files = (map: Record<string, string>) => (path: string) => {
  if (path in map) {
    return map[path];
  }
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};

describe('availableCpus', () => {
  it('honours a cgroup v2 quota (a pod with a 1.5 CPU limit gets 2)', () => {
    expect(
      cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' })),
    ).toBe(1.5);
    expect(
      availableCpus(files({ '/sys/fs/cgroup/cpu.max': '100000 100000\n' })),
    ).toBe(1);
  });

  it('ignores "max" and falls back to cgroup v1', () => {
    expect(
      cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' })),
    ).toBeUndefined();
    expect(
      cgroupCpuQuota(
        files({
          '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000',
          '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000',
        }),
      ),
    ).toBe(2);
    expect(availableCpus(files({}))).toBeGreaterThanOrEqual(1);
  });
});

describe('Limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise(r => setTimeout(r, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 10 }, () => limiter.run(task)));
    expect(peak).toBe(2);
  });
});
