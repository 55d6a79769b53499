import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { VideogenSignal } from '@videogen/plugin-videogen-common';

/**
 * A signals service that keeps what it is given: the real SignalsService
 * interface, the plugin's boundary to Backstage signals.
 */
export class RecordingSignals implements SignalsService {
  readonly published: SignalPayload[] = [];
  /** Makes every publish fail, as a broken events bus would. */
  failing = false;

  async publish(signal: SignalPayload<any>): Promise<void> {
    if (this.failing) throw new Error('the events bus is down');
    this.published.push(signal);
  }

  /** The messages sent on a channel, in order. */
  messages(channel: string): VideogenSignal[] {
    return this.published
      .filter(p => p.channel === channel)
      .map(p => p.message as unknown as VideogenSignal);
  }

  factory() {
    return createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: () => this,
    });
  }
}

/** A notification service that keeps what it is asked to send. */
export class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];

  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }

  factory() {
    return createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => this,
    });
  }
}
