#!/usr/bin/env node
// Generates the code that follows from the videogen OpenAPI document
// (plugins/videogen-backend/src/schema/openapi.yaml), so that the document is
// the one description of the HTTP API:
//
//   plugins/videogen-backend/src/schema/openapi/generated/
//     the document as a typed const, and a router factory that validates
//     requests against it (@backstage/backend-openapi-utils);
//   plugins/videogen-common/src/schema/openapi/generated/
//     the request and response types, and one client class (a method per
//     operationId) for the frontend and the backend modules.
//
// `yarn openapi:generate` writes the files; `yarn openapi:generate --check`
// (CI) fails when they differ from what the document gives.
//
// @backstage/repo-tools' `package schema openapi generate` does the same with
// openapi-generator, which downloads a Java jar at first use; this script
// needs nothing but the repository's own node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { emitBackendFiles } from './emitBackend.mjs';
import { emitCommonFiles } from './emitCommon.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const require = createRequire(path.join(root, 'package.json'));
const yaml = require('yaml');
const prettier = require('prettier');

const SPEC_FILE = 'plugins/videogen-backend/src/schema/openapi.yaml';
const BACKEND_DIR = 'plugins/videogen-backend/src/schema/openapi/generated';
const COMMON_DIR = 'plugins/videogen-common/src/schema/openapi/generated';

const HEADER = [
  '// This file is generated from',
  `// ${SPEC_FILE} by scripts/openapi/generate.mjs.`,
  '// Do not edit it: change the document and run `yarn openapi:generate`.',
  '',
].join('\n');

async function main() {
  const check = process.argv.includes('--check');
  const spec = yaml.parse(fs.readFileSync(path.join(root, SPEC_FILE), 'utf8'));

  const files = new Map();
  for (const [name, text] of Object.entries(emitBackendFiles(spec))) {
    files.set(path.join(BACKEND_DIR, name), text);
  }
  for (const [name, text] of Object.entries(emitCommonFiles(spec))) {
    files.set(path.join(COMMON_DIR, name), text);
  }

  const prettierOptions = await prettier.resolveConfig(
    path.join(root, BACKEND_DIR, 'x.ts'),
  );
  const stale = [];
  for (const [file, body] of files) {
    const absolute = path.join(root, file);
    const text = prettier.format(`${HEADER}${body}`, {
      ...prettierOptions,
      filepath: absolute,
    });
    const current = fs.existsSync(absolute)
      ? fs.readFileSync(absolute, 'utf8')
      : undefined;
    if (current === text) continue;
    if (check) {
      stale.push(file);
    } else {
      fs.mkdirSync(path.dirname(absolute), { recursive: true });
      fs.writeFileSync(absolute, text);
      console.log(`wrote ${file}`);
    }
  }
  // Files left over from operations or schemas that no longer exist.
  for (const dir of [BACKEND_DIR, COMMON_DIR]) {
    for (const file of listFiles(path.join(root, dir))) {
      const relative = path.relative(root, file);
      if (files.has(relative)) continue;
      if (check) {
        stale.push(`${relative} (no longer generated)`);
      } else {
        fs.rmSync(file);
        console.log(`removed ${relative}`);
      }
    }
  }

  if (check && stale.length > 0) {
    console.error(
      `These files do not match ${SPEC_FILE}:\n  ${stale.join(
        '\n  ',
      )}\nRun \`yarn openapi:generate\` and commit the result.`,
    );
    process.exit(1);
  }
  if (check) console.log('OpenAPI generated files are up to date.');
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
