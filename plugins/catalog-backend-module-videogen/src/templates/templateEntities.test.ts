import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTemplateEntities } from './templateEntities';

const repoTemplates = path.resolve(__dirname, '../../../../templates');

describe('readTemplateEntities', () => {
  it("reads the repository's provision and teardown templates, annotated with their files", () => {
    const entities = readTemplateEntities(repoTemplates);
    expect(entities.map(e => [e.kind, e.metadata.name])).toEqual([
      ['Template', 'provision-environment'],
      ['Template', 'teardown-environment'],
    ]);
    const file = path.join(
      repoTemplates,
      'provision-environment/template.yaml',
    );
    expect(entities[0].metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `file:${file}`,
      'backstage.io/managed-by-origin-location': `file:${file}`,
    });
    expect(entities[0].spec?.steps).toEqual(expect.any(Array));
  });

  it('skips folders without a template and documents of other kinds, and names a broken file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-templates-'));
    try {
      fs.mkdirSync(path.join(dir, 'empty'));
      fs.mkdirSync(path.join(dir, 'mixed'));
      fs.writeFileSync(
        path.join(dir, 'mixed/template.yaml'),
        'kind: Location\nmetadata: { name: x }\n---\nkind: Template\nmetadata: { name: t }\n',
      );
      expect(readTemplateEntities(dir).map(e => e.metadata.name)).toEqual([
        't',
      ]);
      fs.writeFileSync(path.join(dir, 'mixed/template.yaml'), 'kind: [\n');
      expect(() => readTemplateEntities(dir)).toThrow(/mixed\/template\.yaml/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
