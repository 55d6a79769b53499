import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  VideogenSignal,
  videogenSignalChannel,
} from '@videogen/plugin-videogen-common';

/** Signals waiting to go out at most; more are dropped (see publish). */
const MAX_QUEUED = 1000;

/**
 * Sends {@link VideogenSignal}s to every browser listening on their
 * environment's channel (a broadcast: the message names what changed, the
 * browser re-reads it through the API, where permissions apply).
 *
 * Publishing never blocks or fails the caller: signals go out one after the
 * other in the order they were given (so a browser never sees RUNNING after
 * SUCCEEDED), a failure is logged, and without a signals service nothing is
 * sent and the frontend keeps polling.
 */
export class SignalPublisher {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private failing = false;

  constructor(
    private readonly signals: SignalsService | undefined,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Queues a signal. A promise is awaited in turn, so a signal whose details
   * are still being looked up keeps its place; `undefined` sends nothing.
   */
  publish(signal: VideogenSignal | Promise<VideogenSignal | undefined>): void {
    const signals = this.signals;
    if (!signals) return;
    if (this.queued >= MAX_QUEUED) {
      // The signals service is stuck; browsers still poll slowly, so a
      // dropped signal delays a card, it does not lose data.
      this.logger.debug('Too many signals waiting; dropping one');
      return;
    }
    this.queued += 1;
    this.chain = this.chain.then(async () => {
      try {
        const message = await signal;
        if (!message) return;
        await signals.publish({
          recipients: { type: 'broadcast' },
          channel: videogenSignalChannel(message.environment),
          message,
        });
        this.failing = false;
      } catch (error) {
        this.failed(error);
      } finally {
        this.queued -= 1;
      }
    });
  }

  /** Resolves once every signal queued so far has been handled. */
  idle(): Promise<void> {
    return this.chain;
  }

  // One warning when publishing starts failing, then debug until it works
  // again: a broken events bus must not flood the log once per job state.
  private failed(error: unknown) {
    const message = `Could not publish a videogen signal: ${error}`;
    if (this.failing) {
      this.logger.debug(message);
    } else {
      this.failing = true;
      this.logger.warn(message);
    }
  }
}
