import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  EnvironmentLifecycle,
  ENVIRONMENTS_CHANGED_TOPIC,
  EnvironmentsChangedEvent,
  RunStatus,
} from '@videogen/plugin-videogen-common';

/**
 * Publishes ENVIRONMENTS_CHANGED_TOPIC (for the catalog) and tells
 * `onChange` (the browsers' push); a failure is logged, never fatal.
 */
export class EnvironmentEvents {
  constructor(
    private readonly events: EventsService | undefined,
    private readonly logger: LoggerService,
    private readonly onChange?: (
      environment: string,
      status: EnvironmentLifecycle,
    ) => void,
  ) {}

  async publish(
    environment: string,
    status: EnvironmentLifecycle,
    runId?: string,
    runStatus?: RunStatus,
  ): Promise<void> {
    try {
      this.onChange?.(environment, status);
    } catch (error) {
      this.logger.warn(`Could not push the change of ${environment}: ${error}`);
    }
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
