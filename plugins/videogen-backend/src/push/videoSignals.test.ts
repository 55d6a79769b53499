import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  VideogenSignal,
  videogenSignalChannel,
} from '@videogen/plugin-videogen-common';
import http from 'node:http';
import request from 'supertest';
import { videogenPlugin } from '../plugin';
import { fixtures } from '../videos/__testUtils__/photos';
import { multipart, uploadParts } from '../videos/__testUtils__/multipart';
import {
  fakeWorkerCommand,
  tempDir,
  waitFor,
} from '../videos/__testUtils__/seed';
import {
  RecordingNotifications,
  RecordingSignals,
} from './__testUtils__/recording';

jest.setTimeout(120_000);

const CHANNEL = videogenSignalChannel('local');
const UPLOADER = 'user:default/mock';

describe('push of video changes (signals and notifications)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const backends: Array<{ stop: () => Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
  });

  async function start(options: {
    knex: Awaited<ReturnType<typeof databases.init>>;
    knobs?: string[];
    workers?: number;
    dataDir?: string;
    signals?: RecordingSignals;
    notifications?: RecordingNotifications;
  }) {
    const signals = options.signals;
    const notifications = options.notifications;
    const backend = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.database.factory({ knex: options.knex }),
        mockServices.rootConfig.factory({
          data: {
            videogen: {
              dataDir: options.dataDir ?? tempDir(),
              generator: { version: 'test-1' },
              worker: {
                command: fakeWorkerCommand(
                  '--sleep-ms=300',
                  ...(options.knobs ?? []),
                ),
              },
              queue: {
                local: {
                  workers: options.workers ?? 1,
                  pollInterval: { milliseconds: 50 },
                  heartbeatInterval: { milliseconds: 100 },
                  lease: { seconds: 5 },
                  cancelGrace: { seconds: 1 },
                },
              },
            },
          },
        }),
        ...(signals ? [signals.factory()] : []),
        ...(notifications ? [notifications.factory()] : []),
      ],
    });
    backends.push(backend);
    return backend.server;
  }

  const upload = (
    server: http.Server,
    photo = fixtures.knightJpg(),
    script: string | Buffer = fixtures.knightTxt(),
  ) => {
    const { body, contentType } = multipart(uploadParts({ photo, script }));
    return request(server)
      .post('/api/videogen/videos')
      .set('Content-Type', contentType)
      .send(body);
  };

  const videoSignals = (signals: RecordingSignals, videoId: string) =>
    signals
      .messages(CHANNEL)
      .filter(
        (m): m is Extract<VideogenSignal, { kind: 'video' }> =>
          m.kind === 'video' && m.videoId === videoId,
      );

  const signalled = (
    signals: RecordingSignals,
    videoId: string,
    state: string,
  ) =>
    waitFor(
      () =>
        videoSignals(signals, videoId).some(s => s.state === state) ||
        undefined,
      { what: `a ${state} signal of video ${videoId}` },
    );

  it.each(databases.eachSupportedId())(
    'an upload pushes its video from SUBMITTED to SUCCEEDED on the environment channel and notifies its uploader with a link, on %p',
    async databaseId => {
      const signals = new RecordingSignals();
      const notifications = new RecordingNotifications();
      const server = await start({
        knex: await databases.init(databaseId),
        signals,
        notifications,
      });

      const created = await upload(server);
      expect(created.status).toBe(202);
      const { videoId, jobId } = created.body;
      await signalled(signals, videoId, 'SUCCEEDED');

      expect(videoSignals(signals, videoId)).toEqual(
        [
          'SUBMITTED',
          'PENDING',
          'RUNNABLE',
          'STARTING',
          'RUNNING',
          'SUCCEEDED',
        ].map(state => ({
          kind: 'video',
          environment: 'local',
          videoId,
          jobId,
          state,
          createdBy: UPLOADER,
        })),
      );
      // Every signal is a broadcast on the environment's channel.
      expect(
        signals.published.every(
          p => p.recipients.type === 'broadcast' && p.channel === CHANNEL,
        ),
      ).toBe(true);

      await waitFor(() => notifications.sent.length > 0 || undefined, {
        what: 'the notification',
      });
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: UPLOADER },
          payload: expect.objectContaining({
            title: 'Your video is ready',
            link: `/videogen?environment=local&video=${videoId}`,
            severity: 'normal',
            topic: 'videogen',
            scope: `videogen:video:${videoId}`,
          }),
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a failed job notifies its uploader with the reason, on %p',
    async databaseId => {
      const signals = new RecordingSignals();
      const notifications = new RecordingNotifications();
      const server = await start({
        knex: await databases.init(databaseId),
        knobs: ['--fail=input'],
        signals,
        notifications,
      });

      const created = await upload(server);
      const { videoId } = created.body;
      await signalled(signals, videoId, 'FAILED');
      await waitFor(() => notifications.sent.length > 0 || undefined, {
        what: 'the notification',
      });

      const video = await request(server).get(
        `/api/videogen/videos/${videoId}`,
      );
      expect(video.body.failureReason).toBeTruthy();
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: UPLOADER },
          payload: expect.objectContaining({
            title: 'Your video could not be generated',
            description: video.body.failureReason,
            link: `/videogen?environment=local&video=${videoId}`,
            severity: 'high',
          }),
        },
      ]);
    },
  );

  it('a deduplicated upload pushes nothing and notifies nobody', async () => {
    const signals = new RecordingSignals();
    const notifications = new RecordingNotifications();
    const server = await start({
      knex: await databases.init('SQLITE_3'),
      signals,
      notifications,
    });
    const first = await upload(server);
    await signalled(signals, first.body.videoId, 'SUCCEEDED');
    const before = signals.published.length;

    // The same pair again, by another user: a hit on the finished video.
    const { body, contentType } = multipart(
      uploadParts({
        photo: fixtures.knightJpg(),
        script: fixtures.knightTxt(),
      }),
    );
    const hit = await request(server)
      .post('/api/videogen/videos')
      .set('Authorization', mockCredentials.user.header('user:default/other'))
      .set('Content-Type', contentType)
      .send(body);
    expect(hit.status).toBe(200);
    expect(hit.body).toMatchObject({
      deduplicated: true,
      videoId: first.body.videoId,
    });

    // Signals go out in order: once a later upload's SUCCEEDED is out,
    // anything the hit had pushed would be out too.
    const second = await upload(
      server,
      fixtures.knightJpg(),
      'Another script.',
    );
    await signalled(signals, second.body.videoId, 'SUCCEEDED');
    await waitFor(() => notifications.sent.length === 2 || undefined, {
      what: 'the second notification',
    });

    const afterHit = signals.messages(CHANNEL).slice(before);
    expect(
      afterHit.every(
        m => m.kind === 'video' && m.videoId === second.body.videoId,
      ),
    ).toBe(true);
    expect(notifications.sent.map(n => n.payload.link)).toEqual([
      `/videogen?environment=local&video=${first.body.videoId}`,
      `/videogen?environment=local&video=${second.body.videoId}`,
    ]);
  });

  it('a video cancelled by its own uploader is pushed as FAILED but not notified; one cancelled by an administrator is', async () => {
    const signals = new RecordingSignals();
    const notifications = new RecordingNotifications();
    const server = await start({
      knex: await databases.init('SQLITE_3'),
      knobs: ['--hang'],
      workers: 2,
      signals,
      notifications,
    });
    const own = await upload(server);
    const other = await upload(server, fixtures.knightJpg(), 'Next script.');
    await signalled(signals, own.body.videoId, 'RUNNING');
    await signalled(signals, other.body.videoId, 'RUNNING');

    const cancelled = await request(server).post(
      `/api/videogen/videos/${own.body.videoId}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    await signalled(signals, own.body.videoId, 'FAILED');
    // Any user may cancel here (the test policy allows everything): this
    // one acts as an administrator.
    const byAdmin = await request(server)
      .post(`/api/videogen/videos/${other.body.videoId}/cancel`)
      .set('Authorization', mockCredentials.user.header('user:default/admin'));
    expect(byAdmin.status).toBe(200);
    await signalled(signals, other.body.videoId, 'FAILED');

    await waitFor(() => notifications.sent.length > 0 || undefined, {
      what: "the notification of the administrator's cancel",
    });
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: UPLOADER },
        payload: expect.objectContaining({
          description: 'Cancelled by user:default/admin',
          link: `/videogen?environment=local&video=${other.body.videoId}`,
        }),
      },
    ]);
  });

  it('with several replicas, each pushes the states it writes and together they push them all', async () => {
    const knex = await databases.init('SQLITE_3');
    const dataDir = tempDir();
    // A web-only replica takes the upload; a worker replica renders it.
    const webSignals = new RecordingSignals();
    const workerSignals = new RecordingSignals();
    const notifications = new RecordingNotifications();
    const web = await start({ knex, dataDir, workers: 0, signals: webSignals });
    await start({
      knex,
      dataDir,
      workers: 1,
      signals: workerSignals,
      notifications,
    });

    const created = await upload(web);
    const { videoId } = created.body;
    await signalled(workerSignals, videoId, 'SUCCEEDED');

    const states = (signals: RecordingSignals) =>
      videoSignals(signals, videoId).map(s => s.state);
    expect(states(webSignals)).toEqual(['SUBMITTED', 'PENDING', 'RUNNABLE']);
    expect(states(workerSignals)).toEqual(['STARTING', 'RUNNING', 'SUCCEEDED']);
    expect(
      videoSignals(workerSignals, videoId).every(s => s.createdBy === UPLOADER),
    ).toBe(true);
    await waitFor(() => notifications.sent.length > 0 || undefined, {
      what: 'the notification from the replica that finished the job',
    });
  });

  it('works without a signals receiver or a notifications backend in the app, and when publishing fails', async () => {
    // Default services: signals go to the events bus where no signals
    // backend listens; notifications to a notifications backend that is
    // not there.
    const plain = await start({ knex: await databases.init('SQLITE_3') });
    const created = await upload(plain);
    expect(created.status).toBe(202);
    await waitFor(
      async () =>
        (
          await request(plain).get(
            `/api/videogen/videos/${created.body.videoId}`,
          )
        ).body.state === 'SUCCEEDED' || undefined,
      { what: 'SUCCEEDED without signals' },
    );

    // A signals service that throws on every publish.
    const broken = new RecordingSignals();
    broken.failing = true;
    const server = await start({
      knex: await databases.init('SQLITE_3'),
      signals: broken,
    });
    const second = await upload(server);
    expect(second.status).toBe(202);
    await waitFor(
      async () =>
        (
          await request(server).get(
            `/api/videogen/videos/${second.body.videoId}`,
          )
        ).body.state === 'SUCCEEDED' || undefined,
      { what: 'SUCCEEDED with failing signals' },
    );
    expect(broken.published).toEqual([]);
  });
});
