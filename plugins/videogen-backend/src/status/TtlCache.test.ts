import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one load between concurrent callers and serves it for the TTL', async () => {
    let now = 1000;
    const cache = new TtlCache(10_000, () => now);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise(resolve => setTimeout(resolve, 20));
      return loads;
    };

    const results = await Promise.all(
      Array.from({ length: 20 }, () => cache.get('k', load)),
    );
    expect(loads).toBe(1);
    expect(new Set(results.map(r => r.value))).toEqual(new Set([1]));

    now += 9_999;
    expect((await cache.get('k', load)).value).toBe(1);
    now += 2;
    expect((await cache.get('k', load)).value).toBe(2);
    expect(loads).toBe(2);
  });

  it('keeps keys apart and caches failures as messages', async () => {
    const cache = new TtlCache(10_000);
    const failing = jest.fn(async () => {
      throw Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      });
    });
    const first = await cache.get('a', failing);
    const second = await cache.get('a', failing);
    expect(first).toEqual({
      error: 'ThrottlingException: Rate exceeded',
      updatedAt: expect.any(Date),
    });
    expect(second).toBe(first);
    expect(failing).toHaveBeenCalledTimes(1);
    expect((await cache.get('b', async () => 'fine')).value).toBe('fine');
  });

  it('loads a forgotten key again, and does not keep a load that was on its way', async () => {
    const cache = new TtlCache(10_000);
    let version = 1;
    let release = () => {};
    const slow = () =>
      new Promise<number>(resolve => {
        const seen = version;
        release = () => resolve(seen);
      });
    const early = cache.get('jobs', slow);
    // The change lands while the first read is still on its way.
    version = 2;
    cache.forget('jobs');
    const later = cache.get('jobs', async () => version);
    release();
    expect((await early).value).toBe(1);
    expect((await later).value).toBe(2);
    expect((await cache.get('jobs', async () => 3)).value).toBe(2);
  });
});
