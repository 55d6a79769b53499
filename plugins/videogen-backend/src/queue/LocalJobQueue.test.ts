import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  fakeWorkerCommand,
  isAlive,
  localStorage,
  migrated,
  readLog,
  seedVideo,
  tempDir,
  waitFor,
  workerEnv,
} from '../videos/__testUtils__/seed';
import { VideoRepository } from '../videos/VideoRepository';
import { LocalObjectStorage, storageKeys } from '../storage';
import { JobStore } from './JobStore';
import { LocalJobQueue, LocalJobQueueOptions } from './LocalJobQueue';

jest.setTimeout(60_000);

describe('LocalJobQueue', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const queues: LocalJobQueue[] = [];

  afterEach(async () => {
    await Promise.all(queues.splice(0).map(queue => queue.stop()));
  });

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    overrides: Partial<LocalJobQueueOptions> & { knobs?: string[] } = {},
  ) {
    const knex = await migrated(await databases.init(databaseId));
    const storage = overrides.storage ?? localStorage();
    const log = path.join(tempDir(), 'worker.log');
    const jobs = new JobStore(knex);
    const videos = new VideoRepository(knex);
    const make = (more: Partial<LocalJobQueueOptions> = {}) => {
      const queue = new LocalJobQueue({
        jobs,
        videos,
        storage,
        logger: mockServices.logger.mock(),
        command: fakeWorkerCommand(`--log=${log}`, ...(overrides.knobs ?? [])),
        env: workerEnv(),
        workers: 1,
        pollIntervalMs: 50,
        leaseMs: 2000,
        heartbeatMs: 100,
        cancelGraceMs: 500,
        ...overrides,
        ...more,
      });
      queues.push(queue);
      return queue;
    };
    return {
      knex,
      storage: storage as LocalObjectStorage,
      jobs,
      videos,
      log,
      make,
    };
  }

  // The generator logs "start" once it runs its own code (and has its
  // SIGTERM handler installed).
  const startedPid = async (log: string) =>
    Number(
      (
        await waitFor(() => readLog(log).find(([event]) => event === 'start'), {
          what: 'the generator to start',
        })
      )[2],
    );

  const finished = (jobs: JobStore, id: string) =>
    waitFor(
      async () => {
        const job = await jobs.get(id);
        return job && ['SUCCEEDED', 'FAILED'].includes(job.state)
          ? job
          : undefined;
      },
      { what: `job ${id} to finish` },
    );

  it.each(databases.eachSupportedId())(
    'runs a job through RUNNING to SUCCEEDED and stores the result on the video, on %p',
    async databaseId => {
      const { knex, storage, jobs, videos, make } = await setup(databaseId, {
        knobs: ['--sleep-ms=300'],
      });
      const queue = make();
      await queue.start();
      const { job, video } = await seedVideo(knex, storage);
      expect(job.state).toBe('SUBMITTED');
      await queue.submit(job);

      await waitFor(async () => (await jobs.get(job.id))?.state === 'RUNNING', {
        what: 'RUNNING',
      });
      const done = await finished(jobs, job.id);

      expect(done).toMatchObject({ state: 'SUCCEEDED', attempts: 1 });
      expect(done.startedAt).toBeDefined();
      expect(done.finishedAt).toBeDefined();
      expect(done.leaseToken).toBeUndefined();
      expect(await videos.get(video.id)).toMatchObject({
        state: 'SUCCEEDED',
        durationSeconds: 12.5,
        sizeBytes: 65536,
      });
      expect(await storage.list(`videos/${video.id}/`)).toEqual([
        storageKeys.poster(video.id),
        storageKeys.result(video.id),
        storageKeys.video(video.id),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'takes jobs in FIFO order with one worker, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId);
      const seeded = [];
      for (let i = 0; i < 4; i++) {
        const { job } = await seedVideo(knex, storage);
        await jobs.transition(job.id, ['SUBMITTED'], 'RUNNABLE');
        seeded.push(job);
      }
      const queue = make();
      await queue.start();
      for (const job of seeded) {
        await finished(jobs, job.id);
      }
      const started = readLog(log)
        .filter(([event]) => event === 'start')
        .map(([, videoId]) => videoId);
      expect(started).toEqual(seeded.map(job => job.videoId));
    },
  );

  it.each(databases.eachSupportedId())(
    'runs at most N generator processes at once with N workers, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId, {
        knobs: ['--sleep-ms=600'],
      });
      const queue = make({ workers: 2 });
      await queue.start();
      const seeded = [];
      for (let i = 0; i < 5; i++) {
        const { job } = await seedVideo(knex, storage);
        await queue.submit(job);
        seeded.push(job);
      }
      let maxBusy = 0;
      let maxRunning = 0;
      const sampler = setInterval(async () => {
        maxBusy = Math.max(maxBusy, queue.pool().busy);
        const counts = await jobs.counts('local');
        maxRunning = Math.max(maxRunning, counts.STARTING + counts.RUNNING);
      }, 20);
      try {
        for (const job of seeded) {
          expect((await finished(jobs, job.id)).state).toBe('SUCCEEDED');
        }
      } finally {
        clearInterval(sampler);
      }
      expect(queue.pool()).toMatchObject({
        slots: 2,
        busy: 0,
        host: os.hostname(),
      });
      expect(maxBusy).toBe(2);
      expect(maxRunning).toBeLessThanOrEqual(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a failing job twice, then FAILS it with the generator reason, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--fail=processing'],
      });
      const queue = make();
      await queue.start();
      const { job } = await seedVideo(knex, storage, { maxAttempts: 3 });
      await queue.submit(job);

      const done = await finished(jobs, job.id);

      expect(done).toMatchObject({
        state: 'FAILED',
        attempts: 3,
        failureReason: 'ffmpeg failed while encoding scene 3',
      });
      expect(readLog(log).filter(([event]) => event === 'start')).toHaveLength(
        3,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'succeeds on a retry after a transient failure, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId, {
        knobs: ['--fail-times=1'],
      });
      const queue = make();
      await queue.start();
      const { job } = await seedVideo(knex, storage);
      await queue.submit(job);
      expect(await finished(jobs, job.id)).toMatchObject({
        state: 'SUCCEEDED',
        attempts: 2,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'does not retry bad input (exit 2), on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--fail=input'],
      });
      const queue = make();
      await queue.start();
      const { job } = await seedVideo(knex, storage);
      await queue.submit(job);
      expect(await finished(jobs, job.id)).toMatchObject({
        state: 'FAILED',
        attempts: 1,
        failureReason: 'the photo could not be decoded',
      });
      expect(readLog(log).filter(([event]) => event === 'start')).toHaveLength(
        1,
      );
    },
  );

  it('keeps secrets out of the failure reason', async () => {
    const { knex, storage, jobs, make } = await setup('SQLITE_3', {
      knobs: ['--fail=secret'],
    });
    const queue = make();
    await queue.start();
    const { job } = await seedVideo(knex, storage, { maxAttempts: 1 });
    await queue.submit(job);
    const done = await finished(jobs, job.id);
    expect(done.failureReason).toBe(
      'upload failed: [redacted key id] denied (X-Amz-Signature=[redacted])',
    );
  });

  it('fails the job with a pointer to the config when the generator cannot be started', async () => {
    const { knex, storage, jobs, make } = await setup('SQLITE_3');
    const queue = make({ command: ['/nonexistent/videogen-worker'] });
    await queue.start();
    const { job } = await seedVideo(knex, storage);
    await queue.submit(job);
    const done = await finished(jobs, job.id);
    expect(done.state).toBe('FAILED');
    expect(done.failureReason).toMatch(
      /could not be started \(ENOENT\); check videogen.worker.command/,
    );
  });

  it.each(databases.eachSupportedId())(
    'puts a job back to RUNNABLE when its lease expires (its backend died) and runs it, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId);
      const { job } = await seedVideo(knex, storage);
      await jobs.transition(job.id, ['SUBMITTED'], 'RUNNABLE');
      // Another backend claims it and dies without a heartbeat.
      const claimed = await jobs.claimNext({
        owner: 'other-host/4242/abcd',
        token: 'dead-token',
        // Long enough that a stalled CI machine still checks within it.
        leaseMs: 1_000,
      });
      expect(claimed).toMatchObject({
        id: job.id,
        state: 'STARTING',
        attempts: 1,
      });

      // Not yet expired: nothing to reclaim.
      expect(await jobs.reclaimExpired()).toEqual({ requeued: 0, failed: 0 });
      await new Promise(resolve => setTimeout(resolve, 1_100));
      expect(await jobs.reclaimExpired()).toEqual({ requeued: 1, failed: 0 });
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'RUNNABLE',
        leaseToken: undefined,
      });

      const queue = make();
      await queue.start();
      expect(await finished(jobs, job.id)).toMatchObject({
        state: 'SUCCEEDED',
        attempts: 2,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a job whose lease expired when it has no retries left, on %p',
    async databaseId => {
      const { knex, storage, jobs } = await setup(databaseId);
      const { job } = await seedVideo(knex, storage, { maxAttempts: 1 });
      await jobs.transition(job.id, ['SUBMITTED'], 'RUNNABLE');
      await jobs.claimNext({ owner: 'x/1/y', token: 't', leaseMs: 1 });
      await new Promise(resolve => setTimeout(resolve, 20));
      expect(await jobs.reclaimExpired()).toEqual({ requeued: 0, failed: 1 });
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'FAILED',
        failureReason: expect.stringMatching(/stopped responding/),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a job that outlives its lease because the heartbeat renews it, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId, {
        knobs: ['--sleep-ms=1500'],
        leaseMs: 300,
        heartbeatMs: 50,
      });
      const queue = make();
      await queue.start();
      const { job } = await seedVideo(knex, storage);
      await queue.submit(job);

      // Another replica sweeping for expired leases the whole time: without
      // the heartbeat the 300 ms lease would lapse five times over.
      const reclaimed: Array<{ requeued: number; failed: number }> = [];
      let sweeping = true;
      const sweeper = (async () => {
        while (sweeping) {
          reclaimed.push(await jobs.reclaimExpired());
          await new Promise(resolve => setTimeout(resolve, 100));
        }
      })();
      const done = await finished(jobs, job.id);
      sweeping = false;
      await sweeper;

      expect(done).toMatchObject({ state: 'SUCCEEDED', attempts: 1 });
      expect(reclaimed.length).toBeGreaterThan(5);
      expect(reclaimed.every(r => r.requeued === 0 && r.failed === 0)).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'survives a backend restart: a new backend takes back the jobs of a dead process on this host at once, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId);
      const { job } = await seedVideo(knex, storage);
      await jobs.transition(job.id, ['SUBMITTED'], 'RUNNABLE');
      // The previous backend process (now dead) held the job with a long lease.
      const dead = spawnSync(process.execPath, ['-e', '']).pid!;
      await jobs.claimNext({
        owner: `${os.hostname()}/${dead}/old`,
        token: 'old-token',
        leaseMs: 10 * 60_000,
      });

      const queue = make();
      const before = Date.now();
      await queue.start();
      expect(await finished(jobs, job.id)).toMatchObject({
        state: 'SUCCEEDED',
      });
      expect(Date.now() - before).toBeLessThan(10_000);
    },
  );

  it.each(databases.eachSupportedId())(
    'hands running jobs back on shutdown and a restarted queue finishes them, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--sleep-ms=1500'],
      });
      const first = make();
      await first.start();
      const { job } = await seedVideo(knex, storage);
      await first.submit(job);
      await waitFor(async () => (await jobs.get(job.id))?.state === 'RUNNING');
      await startedPid(log);

      await first.stop();
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'RUNNABLE',
        attempts: 0,
      });
      expect(readLog(log).map(([event]) => event)).toEqual([
        'start',
        // The lease pipe closes first, then SIGTERM: whichever it noticed.
        expect.stringMatching(/^(lease-ended|sigterm)$/),
      ]);

      const second = make();
      await second.start();
      expect(await finished(jobs, job.id)).toMatchObject({
        state: 'SUCCEEDED',
        attempts: 1,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'cancels a running job: FAILED with the reason, the child gets SIGTERM and is gone, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--hang'],
      });
      const queue = make();
      await queue.start();
      const { job } = await seedVideo(knex, storage);
      await queue.submit(job);
      await waitFor(async () => (await jobs.get(job.id))?.state === 'RUNNING');
      const pid = await startedPid(log);
      expect(isAlive(pid)).toBe(true);

      expect(
        await queue.cancel(job.id, 'Cancelled by user:default/alice'),
      ).toBe(true);

      expect(await jobs.get(job.id)).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/alice',
      });
      await waitFor(() => !isAlive(pid), { what: 'the child to exit' });
      expect(readLog(log).map(([event]) => event)).toEqual([
        'start',
        // The lease pipe closes first, then SIGTERM: whichever it noticed.
        expect.stringMatching(/^(lease-ended|sigterm)$/),
      ]);
      await waitFor(() => queue.pool().busy === 0);
      // A finished job cannot be cancelled again.
      expect(await queue.cancel(job.id, 'again')).toBe(false);
    },
  );

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const { knex, storage, jobs, log, make } = await setup('SQLITE_3', {
      knobs: ['--hang', '--ignore-sigterm'],
    });
    const queue = make({ cancelGraceMs: 300 });
    await queue.start();
    const { job } = await seedVideo(knex, storage);
    await queue.submit(job);
    await waitFor(async () => (await jobs.get(job.id))?.state === 'RUNNING');
    const pid = await startedPid(log);

    await queue.cancel(job.id, 'Cancelled by user:default/bob');

    await new Promise(resolve => setTimeout(resolve, 150));
    expect(isAlive(pid)).toBe(true);
    await waitFor(() => !isAlive(pid), { what: 'SIGKILL', timeoutMs: 5000 });
  });

  it.each(databases.eachSupportedId())(
    'stops a job cancelled through another replica at its next heartbeat, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--hang'],
      });
      const runner = make();
      const other = make({ workers: 0 });
      await runner.start();
      await other.start();
      const { job } = await seedVideo(knex, storage);
      await runner.submit(job);
      await waitFor(async () => (await jobs.get(job.id))?.state === 'RUNNING');
      const pid = await startedPid(log);

      await other.cancel(job.id, 'Cancelled by user:default/carol');

      await waitFor(() => !isAlive(pid), { what: 'the child to exit' });
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/carol',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'claims every job exactly once with two replicas sharing the database, on %p',
    async databaseId => {
      const { knex, storage, jobs, log, make } = await setup(databaseId, {
        knobs: ['--sleep-ms=50'],
      });
      const seeded = [];
      for (let i = 0; i < 8; i++) {
        const { job } = await seedVideo(knex, storage);
        await jobs.transition(job.id, ['SUBMITTED'], 'RUNNABLE');
        seeded.push(job);
      }
      const a = make({ workers: 2 });
      const b = make({ workers: 2 });
      await Promise.all([a.start(), b.start()]);
      for (const job of seeded) {
        expect(await finished(jobs, job.id)).toMatchObject({
          state: 'SUCCEEDED',
          attempts: 1,
        });
      }
      const starts = readLog(log).filter(([event]) => event === 'start');
      expect(starts).toHaveLength(8);
      expect(new Set(starts.map(([, videoId]) => videoId)).size).toBe(8);
    },
  );

  it.each(databases.eachSupportedId())(
    'drains an environment: no new jobs while disabled, counts and terminates active ones, on %p',
    async databaseId => {
      const { knex, storage, jobs, make } = await setup(databaseId, {
        knobs: ['--hang'],
      });
      const queue = make({ workers: 2 });
      await queue.start();
      const { job: running } = await seedVideo(knex, storage);
      await queue.submit(running);
      await waitFor(
        async () => (await jobs.get(running.id))?.state === 'RUNNING',
      );

      await queue.drain.disable('local');
      const { job: queued } = await seedVideo(knex, storage);
      await queue.submit(queued);
      await new Promise(resolve => setTimeout(resolve, 300));
      expect((await jobs.get(queued.id))?.state).toBe('RUNNABLE');
      expect(await queue.drain.activeJobs('local')).toBe(1);

      await queue.drain.terminateActive(
        'local',
        'Environment local is being destroyed',
      );
      expect(await jobs.get(running.id)).toMatchObject({
        state: 'FAILED',
        failureReason: 'Environment local is being destroyed',
      });
      expect(await queue.drain.activeJobs('local')).toBe(0);

      await queue.drain.enable('local');
      await waitFor(
        async () => (await jobs.get(queued.id))?.state === 'RUNNING',
      );
    },
  );

  it('queues jobs a crashed backend left SUBMITTED', async () => {
    const { knex, storage, jobs, make } = await setup('SQLITE_3');
    const { job } = await seedVideo(knex, storage);
    await knex('videogen_jobs')
      .where({ id: job.id })
      .update({ updated_at: new Date(Date.now() - 10 * 60_000) });
    const queue = make();
    await queue.start();
    expect(await finished(jobs, job.id)).toMatchObject({ state: 'SUCCEEDED' });
  });

  it('treats a generator that exits 0 without result.json as a failure', async () => {
    const { knex, jobs, make } = await setup('SQLITE_3');
    const storage = localStorage();
    const queue = make({
      storage,
      command: [process.execPath, '-e', 'process.exit(0)'],
    });
    await queue.start();
    const { job } = await seedVideo(knex, storage, { maxAttempts: 1 });
    await queue.submit(job);
    expect(await finished(jobs, job.id)).toMatchObject({
      state: 'FAILED',
      failureReason: 'The generator finished without writing result.json.',
    });
  });
});
