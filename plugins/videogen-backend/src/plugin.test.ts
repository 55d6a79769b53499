import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { videogenPlugin } from './plugin';

describe('videogenPlugin', () => {
  it('answers /health without credentials once its database is migrated', async () => {
    const { server } = await startTestBackend({ features: [videogenPlugin] });

    const response = await request(server).get('/api/videogen/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /health degraded, naming what is missing, when terraform cannot be found', async () => {
    const { server } = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            videogen: { terraform: { binary: '/nonexistent/bin/terraform' } },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/videogen/health');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining('terraform'),
    });
    expect(response.body.checks).toContainEqual(
      expect.objectContaining({
        name: 'terraform',
        ok: false,
        install: expect.stringContaining('Terraform'),
      }),
    );
  });

  it('lists the built-in local environment to a signed-in user, and nobody else', async () => {
    const { server } = await startTestBackend({ features: [videogenPlugin] });

    const listed = await request(server).get('/api/videogen/environments');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: 'local',
        target: 'local',
        builtIn: true,
        status: 'READY',
      }),
    ]);

    const anonymous = await request(server)
      .get('/api/videogen/environments')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('refuses to list environments when the permission policy denies reading them', async () => {
    const { server } = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });

    const response = await request(server).get('/api/videogen/environments');

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'You are not allowed to read environments.',
    );
  });

  it('answers 404 with the name for an unknown environment', async () => {
    const { server } = await startTestBackend({ features: [videogenPlugin] });
    const response = await request(server).get(
      '/api/videogen/environments/nope',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'There is no environment named "nope".',
    );
  });
});
