import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { Environment } from '@videogen/plugin-videogen-common';
import {
  environmentEntities,
  EntityOptions,
  isPublished,
} from './environmentEntities';
import { systemEntity } from './systemEntity';

/** Where the provider reads environments from (the videogen backend). */
export interface EnvironmentSource {
  listEnvironments(): Promise<Environment[]>;
}

/**
 * Publishes every videogen environment (and, for aws, its EKS cluster) into
 * the catalog, with the `video-generator` System they belong to. Each refresh replaces the provider's whole set of entities, so
 * an environment whose destroy succeeded simply disappears.
 */
export class VideogenEnvironmentProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private refreshing?: Promise<void>;
  private refreshAgain = false;

  constructor(
    private readonly options: {
      source: EnvironmentSource;
      logger: LoggerService;
      /**
       * Periodic full refresh, a safety net for missed events. Started from
       * `connect`, because a refresh before the catalog connects the provider
       * has nowhere to write.
       */
      schedule?: SchedulerServiceTaskRunner;
      /** Publish built-in environments too (default true). */
      builtInEnvironments?: boolean;
      /** Publish the `video-generator` System (default true). */
      system?: boolean;
    } & EntityOptions,
  ) {}

  getProviderName(): string {
    return 'videogen-environments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.schedule?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /**
   * Reads the environments and replaces the published entities. Calls that
   * arrive while a refresh runs are folded into one more refresh afterwards,
   * so a burst of "run finished" events costs at most two reads.
   */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.refreshOnce();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    if (!this.connection) {
      throw new Error('VideogenEnvironmentProvider is not connected yet');
    }
    const environments = await this.options.source.listEnvironments();
    const builtIn = this.options.builtInEnvironments ?? true;
    const entities = [
      ...(this.options.system ?? true ? [systemEntity(this.options)] : []),
      ...environments
        .filter(env => isPublished(env, { builtIn }))
        .flatMap(env => environmentEntities(env, this.options)),
    ].map(entity => ({
      entity,
      // Resources keep their name as key; the System's cannot clash with
      // an environment that happens to be called video-generator.
      locationKey:
        entity.kind === 'Resource'
          ? `${this.getProviderName()}:${entity.metadata.name}`
          : `${this.getProviderName()}:system:${entity.metadata.name}`,
    }));
    await this.connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Published ${entities.length} entities for ${environments.length} videogen environments`,
    );
  }
}
