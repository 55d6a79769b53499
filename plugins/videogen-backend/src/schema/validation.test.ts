import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { videogenPlugin } from '../plugin';

// The front router validates every request against openapi.yaml; its 400s
// say what to change in a sentence.
describe('requests checked against the OpenAPI document', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  beforeAll(async () => {
    ({ server } = await startTestBackend({ features: [videogenPlugin] }));
  });

  it.each([
    ['/videos?limit=0', 'limit must be at least 1.'],
    ['/videos?limit=abc', 'limit must be a whole number.'],
    ['/videos?foo=1', 'This request takes no query parameter "foo".'],
    ['/runs/nope/log?waitSeconds=26', 'waitSeconds may be at most 25.'],
  ])('GET %s answers 400: %s', async (url, message) => {
    const response = await request(server).get(`/api/videogen${url}`);
    expect([response.status, response.body.error.message]).toEqual([
      400,
      message,
    ]);
  });

  it.each([
    ['/environments', { target: 'local' }, 'name is required.'],
    [
      '/environments',
      { name: 'Bad_Name', target: 'local' },
      '"Bad_Name" is not a valid environment name: use 3 to 32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.',
    ],
    [
      '/environments',
      { name: 'api-x', target: 'local', extra: 1 },
      'Unknown field(s) extra; this request has name, target, region, variables, requireApproval and stateBucket.',
    ],
    [
      '/environments',
      { name: 'api-x', target: 'local', variables: { nested: { a: 1 } } },
      'variables.nested must be a string, a number or true or false.',
    ],
    [
      '/environments/local/runs',
      { operation: 'import' },
      'operation must be "plan", "apply" or "destroy".',
    ],
    [
      '/environments/local/runs',
      { operation: 'plan', drainTimeoutSeconds: 'x' },
      'drainTimeoutSeconds must be a whole number.',
    ],
    ['/environments/local/force-unlock', {}, 'lockId is required.'],
  ])('POST %s %j answers 400', async (url, body, message) => {
    const response = await request(server)
      .post(`/api/videogen${url}`)
      .send(body);
    expect([response.status, response.body.error.message]).toEqual([
      400,
      message,
    ]);
  });

  it('passes requests the document allows on to the routes, query as sent', async () => {
    const all = await request(server).get('/api/videogen/videos?environment=');
    expect(all.status).toBe(200);
    const missing = await request(server).get(
      '/api/videogen/environments/Not_A_Name',
    );
    expect(missing.status).toBe(404);
    const runs = await request(server).get(
      '/api/videogen/environments/local/runs?limit=5',
    );
    expect(runs.status).toBe(200);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await request(server)
      .post('/api/videogen/environments')
      .set('content-type', 'text/plain')
      .send('hello');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'This request takes no body of type text/plain; send JSON (Content-Type: application/json).',
    );
  });
});
