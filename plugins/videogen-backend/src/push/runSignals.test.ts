import {
  Run,
  VideogenSignal,
  videogenSignalChannel,
} from '@videogen/plugin-videogen-common';
import request from 'supertest';
import { API, as, RunsApi, startRunsApi } from '../runs/__testUtils__/api';
import { RecordingSignals } from './__testUtils__/recording';

jest.setTimeout(120_000);

describe('push of Terraform runs and environments (signals)', () => {
  const signals = new RecordingSignals();
  let backend: RunsApi;

  beforeAll(async () => {
    backend = await startRunsApi({ features: [signals.factory()] });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('an apply pushes its run statuses, its log growing to its final size, and the environment becoming READY', async () => {
    const created = await request(backend.server)
      .post(`${API}/environments`)
      .set('Authorization', as('dev'))
      .send({ name: 'push-dev', target: 'local' });
    expect(created.status).toBe(201);
    const started = await request(backend.server)
      .post(`${API}/environments/push-dev/runs`)
      .set('Authorization', as('dev'))
      .send({ operation: 'apply' });
    expect(started.status).toBe(202);
    const runId: string = started.body.id;
    const applied: Run = await backend.waitForRun(runId, [
      'SUCCEEDED',
      'FAILED',
    ]);
    expect(applied.status).toBe('SUCCEEDED');

    const channel = videogenSignalChannel('push-dev');
    const pushed = () => signals.messages(channel);
    const of = <K extends VideogenSignal['kind']>(kind: K) =>
      pushed().filter(
        (m): m is Extract<VideogenSignal, { kind: K }> => m.kind === kind,
      );
    // The final status and its last log signal are queued when the run's
    // row is written, an instant before the API shows it.
    const deadline = Date.now() + 10_000;
    while (!of('run').some(s => s.status === 'SUCCEEDED')) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(pushed()));
      await new Promise(resolve => setTimeout(resolve, 20));
    }

    expect(of('run').map(s => s.status)).toEqual([
      'PENDING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(of('run').every(s => s.runId === runId)).toBe(true);

    const sizes = of('runLog').map(s => s.logSize);
    expect(sizes.length).toBeGreaterThan(1);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    // The last one says how long the finished log is.
    expect(sizes.at(-1)).toBe(applied.logSize);
    expect(of('runLog').at(-1)).toEqual({
      kind: 'runLog',
      environment: 'push-dev',
      runId,
      logSize: applied.logSize,
    });

    const environment = await request(backend.server).get(
      `${API}/environments/push-dev`,
    );
    expect(environment.body.status).toBe('READY');
    expect(of('environment').at(-1)).toEqual({
      kind: 'environment',
      environment: 'push-dev',
      status: 'READY',
    });
    // Nothing of this environment went to another channel.
    expect(
      signals.published
        .filter(p => p.channel !== channel)
        .map(p => (p.message as { environment?: string }).environment),
    ).not.toContain('push-dev');
  });
});
