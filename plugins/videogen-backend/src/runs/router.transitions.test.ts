import fs from 'node:fs';
import path from 'node:path';
import { RunLogChunk } from '@videogen/plugin-videogen-common';
import request from 'supertest';
import { API, as, RunsApi, startRunsApi } from './__testUtils__/api';
import { fixtureRoots } from './__testUtils__/harness';

jest.setTimeout(120_000);

describe('Terraform run API state transitions', () => {
  describe('on a root whose apply hangs until released', () => {
    let backend: RunsApi;
    let releaseFile: string;

    beforeAll(async () => {
      backend = await startRunsApi({
        terraform: { environmentsDir: fixtureRoots('hanging') },
      });
      releaseFile = path.join(backend.dataDir, 'release-api-hang');
    });

    afterAll(async () => {
      // Lets a gate loop that is still waiting end.
      if (releaseFile) fs.writeFileSync(releaseFile, '');
      await backend?.stop();
    });

    /** Long-polls the run's log until it matches `pattern`. */
    async function waitForLog(id: string, pattern: RegExp) {
      let offset = 0;
      let text = '';
      const deadline = Date.now() + 60_000;
      while (!pattern.test(text)) {
        const res = await request(backend.server).get(
          `${API}/runs/${id}/log?offset=${offset}&waitSeconds=5`,
        );
        expect(res.status).toBe(200);
        const chunk: RunLogChunk = res.body;
        text += chunk.text;
        offset = chunk.nextOffset;
        if (chunk.complete || Date.now() > deadline) {
          throw new Error(`The log never matched ${pattern}:\n${text}`);
        }
      }
    }

    it('cancels a running apply: RUNNING, then CANCELLED, and the environment FAILED', async () => {
      const server = backend.server;
      // release_file is the fixture's, unclassified: set by the mock user,
      // who may set admin-only variables.
      await request(server)
        .post(`${API}/environments`)
        .send({
          name: 'api-hang',
          target: 'local',
          variables: { release_file: releaseFile },
        })
        .expect(201);
      const apply = await request(server)
        .post(`${API}/environments/api-hang/runs`)
        .set('Authorization', as('dev'))
        .send({ operation: 'apply' })
        .expect(202);
      const id = apply.body.id;
      await waitForLog(id, /terraform_data\.gate: Provisioning with/);
      expect((await request(server).get(`${API}/runs/${id}`)).body.status).toBe(
        'RUNNING',
      );

      const byViewer = await request(server)
        .post(`${API}/runs/${id}/cancel`)
        .set('Authorization', as('viewer'));
      expect(byViewer.status).toBe(403);

      const cancel = await request(server)
        .post(`${API}/runs/${id}/cancel`)
        .set('Authorization', as('dev'));
      expect(cancel.status).toBe(202);
      expect(cancel.body).toMatchObject({
        id,
        message:
          'Cancellation requested by user:default/dev; waiting for Terraform to stop and save its state.',
      });

      const cancelled = await backend.waitForRun(id, [
        'CANCELLED',
        'FAILED',
        'SUCCEEDED',
      ]);
      expect(cancelled).toMatchObject({
        status: 'CANCELLED',
        message:
          'Cancelled by user:default/dev: Terraform stopped during apply after finishing the operations in progress and saved its state.',
      });
      // The apply had started: the environment is between states.
      const env = await request(server).get(`${API}/environments/api-hang`);
      expect(env.body).toMatchObject({ status: 'FAILED', lastRunId: id });

      // A finished run cannot be cancelled again.
      const again = await request(server)
        .post(`${API}/runs/${id}/cancel`)
        .set('Authorization', as('dev'));
      expect(again.status).toBe(409);
    });
  });

  describe('on a root whose apply fails', () => {
    let backend: RunsApi;

    beforeAll(async () => {
      backend = await startRunsApi({
        terraform: { environmentsDir: fixtureRoots('failing') },
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it("ends a failing apply FAILED with Terraform's error in the run, its log and the environment", async () => {
      const server = backend.server;
      await request(server)
        .post(`${API}/environments`)
        .send({ name: 'api-broken', target: 'local' })
        .expect(201);
      const apply = await request(server)
        .post(`${API}/environments/api-broken/runs`)
        .send({ operation: 'apply' })
        .expect(202);
      expect(apply.body.status).toBe('PENDING');

      const failed = await backend.waitForRun(apply.body.id, [
        'SUCCEEDED',
        'FAILED',
      ]);
      expect(failed).toMatchObject({ status: 'FAILED', exitCode: 1 });
      expect(failed.message).toMatch(
        /^terraform apply failed \(exit code 1\): local-exec provisioner error: .*exit status 3/,
      );
      expect(failed.finishedAt).toEqual(expect.any(String));

      const log = await request(server).get(
        `${API}/runs/${apply.body.id}/log?offset=0`,
      );
      expect(log.body.complete).toBe(true);
      expect(log.body.text).toContain('the fixture fails on purpose');

      const env = await request(server).get(`${API}/environments/api-broken`);
      expect(env.body).toMatchObject({
        status: 'FAILED',
        lastRunId: apply.body.id,
      });

      // The slot is free again: a plan after the failure runs.
      const plan = await request(server)
        .post(`${API}/environments/api-broken/runs`)
        .send({ operation: 'plan' })
        .expect(202);
      expect(
        (await backend.waitForRun(plan.body.id, ['SUCCEEDED', 'FAILED']))
          .status,
      ).toBe('SUCCEEDED');
    });
  });
});
