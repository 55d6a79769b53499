import { mockServices } from '@backstage/backend-test-utils';
import { SignalPublisher } from './SignalPublisher';
import { RecordingSignals } from './__testUtils__/recording';

describe('SignalPublisher', () => {
  const signal = (status: 'READY' | 'FAILED') => ({
    kind: 'environment' as const,
    environment: 'dev',
    status,
  });

  it('broadcasts on the environment channel in the order given, a looked-up signal keeping its place', async () => {
    const signals = new RecordingSignals();
    const publisher = new SignalPublisher(signals, mockServices.logger.mock());
    let resolveFirst!: (s: ReturnType<typeof signal>) => void;
    publisher.publish(new Promise(resolve => (resolveFirst = resolve)));
    publisher.publish(signal('FAILED'));
    resolveFirst(signal('READY'));
    await publisher.idle();
    expect(signals.published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'videogen:environment:dev',
        message: signal('READY'),
      },
      {
        recipients: { type: 'broadcast' },
        channel: 'videogen:environment:dev',
        message: signal('FAILED'),
      },
    ]);
  });

  it('does nothing without a signals service', async () => {
    const logger = mockServices.logger.mock();
    const publisher = new SignalPublisher(undefined, logger);
    publisher.publish(signal('READY'));
    await publisher.idle();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('logs one warning when publishing starts failing, then debug until it works again', async () => {
    const signals = new RecordingSignals();
    signals.failing = true;
    const logger = mockServices.logger.mock();
    const publisher = new SignalPublisher(signals, logger);
    publisher.publish(signal('READY'));
    publisher.publish(signal('READY'));
    await publisher.idle();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('the events bus is down'),
    );
    expect(logger.debug).toHaveBeenCalledTimes(1);

    signals.failing = false;
    publisher.publish(signal('READY'));
    await publisher.idle();
    expect(signals.published).toHaveLength(1);
    // Working again: the next failure is news, worth a warning.
    signals.failing = true;
    publisher.publish(signal('READY'));
    await publisher.idle();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
