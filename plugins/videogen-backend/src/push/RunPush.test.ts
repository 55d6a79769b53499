import { mockServices } from '@backstage/backend-test-utils';
import { RunPush } from './RunPush';
import { SignalPublisher } from './SignalPublisher';
import { RecordingSignals } from './__testUtils__/recording';

describe('RunPush', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  function setup() {
    const signals = new RecordingSignals();
    const publisher = new SignalPublisher(signals, mockServices.logger.mock());
    const push = new RunPush(publisher, 250);
    const logSizes = async () => {
      await publisher.idle();
      return signals.published
        .map(p => p.message)
        .filter(m => m.kind === 'runLog')
        .map(m => m.logSize);
    };
    return { push, publisher, signals, logSizes };
  }

  const grew = (push: RunPush, logSize: number, runId = 'r1') =>
    push.logGrew({ runId, environment: 'dev', logSize });

  it('announces a burst of log writes once at once and once more with the newest size', async () => {
    jest.useFakeTimers();
    const { push, logSizes } = setup();

    for (const size of [10, 20, 30, 40]) grew(push, size);
    expect(await logSizes()).toEqual([10]);

    jest.runOnlyPendingTimers();
    expect(await logSizes()).toEqual([10, 40]);
    // Nothing new: no more signals.
    jest.runOnlyPendingTimers();
    expect(await logSizes()).toEqual([10, 40]);
  });

  it('throttles each run on its own', async () => {
    jest.useFakeTimers();
    const { push, logSizes } = setup();
    grew(push, 1, 'a');
    grew(push, 2, 'b');
    grew(push, 3, 'a');
    expect(await logSizes()).toEqual([1, 2]);
    jest.runOnlyPendingTimers();
    expect(await logSizes()).toEqual([1, 2, 3]);
  });

  it('sends the final size with the final status and drops the pending trailing signal', async () => {
    jest.useFakeTimers();
    const { push, signals, publisher } = setup();
    grew(push, 10);
    grew(push, 20);
    push.runChanged({
      runId: 'r1',
      environment: 'dev',
      status: 'SUCCEEDED',
      logSize: 25,
    });
    jest.runOnlyPendingTimers();
    await publisher.idle();
    expect(signals.published.map(p => p.message)).toEqual([
      { kind: 'runLog', environment: 'dev', runId: 'r1', logSize: 10 },
      { kind: 'run', environment: 'dev', runId: 'r1', status: 'SUCCEEDED' },
      { kind: 'runLog', environment: 'dev', runId: 'r1', logSize: 25 },
    ]);
  });

  it('sends no extra log signal for a status that is not final', async () => {
    const { push, signals, publisher } = setup();
    push.runChanged({
      runId: 'r1',
      environment: 'dev',
      status: 'RUNNING',
      logSize: 0,
    });
    await publisher.idle();
    expect(signals.published.map(p => p.message)).toEqual([
      { kind: 'run', environment: 'dev', runId: 'r1', status: 'RUNNING' },
    ]);
  });
});
