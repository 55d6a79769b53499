import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { readTemplateEntities } from './templateEntities';

/**
 * Publishes the provision and teardown templates as Template entities, so an
 * app needs no catalog location for them. Entities from a provider are not
 * subject to `catalog.rules`, so a stock app's rules (which allow Template
 * only for its example location) do not need changing either.
 */
export class VideogenTemplateProvider implements EntityProvider {
  constructor(
    private readonly options: { dir: string; logger: LoggerService },
  ) {}

  getProviderName(): string {
    return 'videogen-templates';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const entities = readTemplateEntities(this.options.dir);
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: `${this.getProviderName()}:${entity.metadata.name}`,
      })),
    });
    this.options.logger.info(
      `Published ${entities.length} videogen templates from ${this.options.dir}`,
    );
  }
}
