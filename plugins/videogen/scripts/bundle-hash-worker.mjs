#!/usr/bin/env node
/*
 * Runs after `backstage-cli package build` of this plugin. In the repository
 * the app's bundler builds the hashing worker from source: it follows
 * `new Worker(new URL('./hashWorker.ts', import.meta.url))` and emits the
 * worker as its own chunk. The package build (rollup) keeps that expression
 * but writes no worker file, so an app installing the published package
 * would fail to resolve it. This bundles the worker (with hash-wasm) into
 * dist/upload/hashWorker.esm.js and points the built module at it; the
 * app's bundler then emits that file as the worker chunk.
 *
 *   node scripts/bundle-hash-worker.mjs     (from plugins/videogen)
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pluginDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const dist = path.join(pluginDir, 'dist');
// Rollup may print the path with either quote.
const SOURCE_REFERENCE = /(['"])\.\/hashWorker\.ts\1/;
const BUILT_NAME = 'hashWorker.esm.js';

// The built module that starts the worker: wherever rollup put it.
function findStarter(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findStarter(file);
      if (found) return found;
    } else if (
      entry.name.endsWith('.js') &&
      SOURCE_REFERENCE.test(fs.readFileSync(file, 'utf8'))
    ) {
      return file;
    }
  }
  return undefined;
}

const starter = fs.existsSync(dist) ? findStarter(dist) : undefined;
if (!starter) {
  process.stderr.write(
    `No built module in ${dist} refers to ./hashWorker.ts: run backstage-cli package build first (or the worker was renamed).\n`,
  );
  process.exit(1);
}

await build({
  entryPoints: [path.join(pluginDir, 'src/upload/hashWorker.ts')],
  outfile: path.join(path.dirname(starter), BUILT_NAME),
  bundle: true,
  // A classic worker script (the page starts it without type: 'module').
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  logLevel: 'warning',
});
fs.writeFileSync(
  starter,
  fs
    .readFileSync(starter, 'utf8')
    .replace(SOURCE_REFERENCE, `'./${BUILT_NAME}'`),
);
process.stdout.write(
  `Hashing worker bundled to ${path.relative(
    pluginDir,
    path.join(path.dirname(starter), BUILT_NAME),
  )}; ${path.relative(pluginDir, starter)} points at it.` + '\n',
);
