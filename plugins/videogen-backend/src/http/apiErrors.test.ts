import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { errorAnswerProblems } from '../__testUtils__/errorAnswerGuard';
import { videogenPlugin } from '../plugin';
import { spec } from '../schema/openapi/generated';
import { scrubServerPaths } from './scrubServerPaths';

describe('scrubServerPaths', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/work/main/x/video.mp4'",
      "ENOENT: no such file or directory, open '[path]'",
    ],
    ['at file:///tmp/data/storage/videos/a', 'at [path]'],
    ['in /home/app/src/router.ts:12:5', 'in [path]'],
    ['C:\\Users\\me\\x.ts failed', '[path] failed'],
  ])('removes the path of %p', (message, scrubbed) => {
    expect(scrubServerPaths(message)).toBe(scrubbed);
  });

  it.each([
    'There is no video /videos/abc/content.',
    'Run /runs/1 is not in /environments/demo.',
    'bytes=0-1/2',
    'Use https://example.com/tmp/x for help.',
  ])('leaves %p alone', message => {
    expect(scrubServerPaths(message)).toBe(message);
  });
});

describe('errorAnswerProblems (the guard of every test answer)', () => {
  it('finds stacks and server paths', () => {
    expect(
      errorAnswerProblems(
        JSON.stringify({ error: { name: 'Error', message: 'x', stack: 'y' } }),
      ),
    ).toContain('it carries a stack trace ("stack")');
    expect(
      errorAnswerProblems(
        JSON.stringify({ error: { message: `${os.tmpdir()}/a` } }),
      ),
    ).toContain('it names a path of the server');
    expect(
      errorAnswerProblems(JSON.stringify({ error: { message: 'fine' } })),
    ).toEqual([]);
  });
});

describe('error answers of the API', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  async function backend() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-errors-'));
    const { server } = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            videogen: { dataDir, queue: { local: { workers: 0 } } },
          },
        }),
      ],
    });
    return server;
  }

  it('answers 401 without a stack or a path, also in development mode', async () => {
    // As `yarn start` runs the backend: Backstage would show stack traces.
    process.env.NODE_ENV = 'development';
    const server = await backend();
    const response = await request(server)
      .get('/api/videogen/environments')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      name: 'AuthenticationError',
      message: expect.any(String),
    });
    expect(JSON.stringify(response.body)).not.toContain('"stack"');
  });

  it('requires credentials on every route of the document except /health', async () => {
    const server = await backend();
    const routes = Object.entries(spec.paths).flatMap(([route, operations]) =>
      Object.keys(operations as object)
        .filter(method =>
          ['get', 'post', 'put', 'delete', 'patch'].includes(method),
        )
        .map(method => ({
          method: method as 'get' | 'post',
          url: `/api/videogen${route.replace(/\{[^}]+\}/g, 'x1')}`,
        })),
    );
    expect(routes.length).toBeGreaterThan(15);
    const answers = [];
    for (const { method, url } of routes) {
      const response = await request(server)
        [method](url)
        .set('Authorization', mockCredentials.none.header());
      answers.push({ method, url, status: response.status });
    }
    expect(answers).toEqual(
      routes.map(({ method, url }) => ({
        method,
        url,
        status: url === '/api/videogen/health' ? 200 : 401,
      })),
    );
  });

  it('answers the content of a missing video with 404 and no path', async () => {
    const server = await backend();
    const response = await request(server)
      .get('/api/videogen/videos/00000000-0000-4000-8000-000000000000/content')
      .set('Range', 'bytes=99999999999999999999-');
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toMatch(/\/tmp\/|"stack"/);
  });
});
