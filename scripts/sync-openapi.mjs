#!/usr/bin/env node
// Copies plugins/videogen-backend/src/schema/openapi.yaml into the
// videogen-api entity of catalog-info.yaml. The catalog cannot read files
// relative to a file location, so the document is inlined there; run this
// after changing the OpenAPI document (a test fails when they differ).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specFile = path.join(
  root,
  'plugins/videogen-backend/src/schema/openapi.yaml',
);
const catalogFile = path.join(root, 'catalog-info.yaml');

const spec = fs.readFileSync(specFile, 'utf8');
const catalog = fs.readFileSync(catalogFile, 'utf8');
const start = catalog.indexOf('  definition: |\n');
if (start < 0)
  throw new Error('catalog-info.yaml has no "definition: |" block');
const bodyStart = start + '  definition: |\n'.length;
// The block ends at the next YAML document separator (or the end of file).
const end = catalog.indexOf('\n---\n', bodyStart);
const indented = spec
  .split('\n')
  .map(line => (line.trim() ? `    ${line}` : ''))
  .join('\n')
  .replace(/\n+$/, '');
const next =
  catalog.slice(0, bodyStart) +
  indented +
  (end < 0 ? '\n' : catalog.slice(end));
fs.writeFileSync(catalogFile, next);
console.log('catalog-info.yaml: videogen-api definition updated');
