import fs from 'node:fs';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

const TEMPLATE_FILE = 'template.yaml';

/**
 * The Template entities in `<dir>/<name>/template.yaml`, each annotated with
 * the file it came from (as a catalog file location would), sorted by
 * folder so the result never depends on directory order.
 */
export function readTemplateEntities(dir: string): Entity[] {
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();
  const entities: Entity[] = [];
  for (const folder of folders) {
    const file = path.join(dir, folder, TEMPLATE_FILE);
    if (!fs.existsSync(file)) continue;
    for (const document of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message}`);
      }
      const entity = document.toJS() as Entity | null;
      if (!entity || entity.kind !== 'Template') continue;
      const location = `file:${file}`;
      entities.push({
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
          },
        },
      });
    }
  }
  return entities;
}
