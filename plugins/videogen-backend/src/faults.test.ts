import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { listProcesses, ProcessInfo } from './queue/orphanedWorkers';

// A real backend process (src/__testUtils__/faultBackend.ts) with the real
// generator CLI, killed with SIGKILL (its whole process group) while a
// render runs, then started again on the same data directory.

const PACKAGE_DIR = path.resolve(__dirname, '..');
const PHOTO = path.resolve(PACKAGE_DIR, '../../fixtures/characters/knight.jpg');
const AUTH = mockCredentials.user.header();

jest.setTimeout(240_000);

type Backend = { child: ChildProcess; url: string };

function startBackend(dataDir: string): Promise<Backend> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "require('@backstage/cli/config/nodeTransform.cjs'); require('./src/__testUtils__/faultBackend.ts')",
    ],
    {
      cwd: PACKAGE_DIR,
      // Its own process group (setsid), so the test can kill the group.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        VIDEOGEN_FAULT_DATA_DIR: dataDir,
        // The generator from its source, never a stale build.
        VIDEOGEN_WORKER_FROM_SOURCE: '1',
      },
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`The backend did not start:\n${output}`)),
      90_000,
    );
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    child.stdout!.on('data', chunk => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}` });
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`The backend exited (${code}):\n${output}`));
    });
  });
}

/** Generator renders writing into this data directory. */
async function rendersOf(dataDir: string): Promise<ProcessInfo[]> {
  return (await listProcesses()).filter(
    p => p.argv.includes('render') && p.argv.some(a => a.includes(dataDir)),
  );
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function upload(url: string, script: string): Promise<string> {
  const response = await request(url)
    .post('/api/videogen/videos')
    .set('Authorization', AUTH)
    .field('environment', 'local')
    .field('script', script)
    .attach('photo', PHOTO);
  expect(response.status).toBe(202);
  return response.body.videoId;
}

async function stateOf(url: string, videoId: string): Promise<string> {
  const response = await request(url)
    .get(`/api/videogen/videos/${videoId}`)
    .set('Authorization', AUTH);
  return response.body.state;
}

describe('a backend killed while a render runs', () => {
  let dataDir: string;
  const started: ChildProcess[] = [];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-faults-'));
  });

  afterAll(async () => {
    for (const child of started) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
    for (const render of await rendersOf(dataDir)) {
      try {
        process.kill(render.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no render behind, renders the job once more, and a cancelled job publishes nothing', async () => {
    const first = await startBackend(dataDir);
    started.push(first.child);
    const videoId = await upload(first.url, 'Hello. The backend will fail.');
    await waitFor(
      'the render to run',
      async () =>
        (await stateOf(first.url, videoId)) === 'RUNNING' &&
        (await rendersOf(dataDir)).length > 0,
      60_000,
    );

    // kill -9 of the backend's whole process group; the generator leads
    // its own group, and only its lease pipe tells it the backend died.
    process.kill(-first.child.pid!, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'the old renders to end',
      async () => (await rendersOf(dataDir)).length === 0,
      10_000,
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    const second = await startBackend(dataDir);
    started.push(second.child);
    const final = await waitFor(
      'the job to finish',
      async () => {
        const state = await stateOf(second.url, videoId);
        return state === 'SUCCEEDED' || state === 'FAILED' ? state : undefined;
      },
      180_000,
    );
    expect(final).toBe('SUCCEEDED');
    // One output, and nothing else the killed render left.
    const videosDir = path.join(dataDir, 'storage', 'videos');
    expect(fs.readdirSync(videosDir)).toEqual([videoId]);
    expect(fs.readdirSync(path.join(videosDir, videoId)).sort()).toEqual([
      'poster.jpg',
      'result.json',
      'video.mp4',
    ]);

    // A job cancelled after the restart publishes nothing.
    const cancelledId = await upload(second.url, 'Hello. Cancel me soon.');
    await waitFor(
      'the second render to run',
      async () =>
        (await stateOf(second.url, cancelledId)) === 'RUNNING' &&
        (await rendersOf(dataDir)).length > 0,
      60_000,
    );
    const cancel = await request(second.url)
      .post(`/api/videogen/videos/${cancelledId}/cancel`)
      .set('Authorization', AUTH);
    expect(cancel.status).toBeLessThan(300);
    await waitFor(
      'the cancelled render to end',
      async () => (await rendersOf(dataDir)).length === 0,
      10_000,
    );
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(fs.existsSync(path.join(videosDir, cancelledId))).toBe(false);
    expect(await stateOf(second.url, cancelledId)).toBe('FAILED');

    process.kill(-second.child.pid!, 'SIGTERM');
    await new Promise(resolve => second.child.once('exit', resolve));

    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dataDir, 'sqlite', 'videogen.sqlite') },
      useNullAsDefault: true,
    });
    try {
      const job = await db('videogen_jobs')
        .where({ video_id: videoId })
        .first('state', 'attempts');
      expect(job).toEqual({ state: 'SUCCEEDED', attempts: 2 });
    } finally {
      await db.destroy();
    }

    // Nothing of ours is left re-parented to init.
    const orphans = (await listProcesses()).filter(
      p => p.ppid === 1 && p.argv.some(a => a.includes('videogen-worker')),
    );
    expect(orphans).toEqual([]);
  });
});
