import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  EnvironmentLifecycle,
  ENVIRONMENTS_CHANGED_TOPIC,
  EnvironmentsChangedEvent,
  RunStatus,
} from '@videogen/plugin-videogen-common';

/** Publishes ENVIRONMENTS_CHANGED_TOPIC; a failure is logged, never fatal. */
export class EnvironmentEvents {
  constructor(
    private readonly events: EventsService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async publish(
    environment: string,
    status: EnvironmentLifecycle,
    runId?: string,
    runStatus?: RunStatus,
  ): Promise<void> {
    if (!this.events) return;
    const eventPayload: EnvironmentsChangedEvent = {
      environment,
      status,
      ...(runId ? { runId } : {}),
      ...(runStatus ? { runStatus } : {}),
    };
    try {
      await this.events.publish({
        topic: ENVIRONMENTS_CHANGED_TOPIC,
        eventPayload,
      });
    } catch (error) {
      this.logger.warn(
        `Could not publish ${ENVIRONMENTS_CHANGED_TOPIC} for ${environment}: ${error}`,
      );
    }
  }
}
