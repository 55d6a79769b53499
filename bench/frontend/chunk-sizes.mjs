#!/usr/bin/env node
/*
 * Which chunks of the production app build hold a plugin's code, and how big
 * they are (raw and gzip), for the videogen plugin and a peer (the catalog
 * plugin), from the build's bundle stats.
 *
 *   cd packages/app && node ../../.yarn/releases/yarn-4.13.0.cjs build --stats
 *   node bench/frontend/chunk-sizes.mjs [packages/app/dist] [--json out.json]
 *
 * "own bytes" are the source bytes of the plugin's own modules in the chunk
 * (before minification, as the bundler reports them); the file sizes are
 * what the browser downloads.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : '';
const dist = path.resolve(
  args.find(a => !a.startsWith('--') && a !== jsonOut) ?? 'packages/app/dist',
);
const stats = JSON.parse(
  fs.readFileSync(path.join(dist, 'bundle-stats.json'), 'utf8'),
);

const GROUPS = {
  videogen: /(^|\/)plugins\/videogen\/src\//,
  'videogen-common': /(^|\/)plugins\/videogen-common\/src\//,
  // Its own files, not the packages nested in its node_modules.
  'catalog (peer)':
    /node_modules\/@backstage\/plugin-catalog\/(?!node_modules\/)/,
};

/** Flattens concatenated modules into their parts. */
function* leafModules(modules) {
  for (const m of modules ?? []) {
    if (m.modules?.length) yield* leafModules(m.modules);
    else yield m;
  }
}

const chunksById = new Map(stats.chunks.map(c => [c.id, c]));
// group -> chunk id -> own bytes
const own = Object.fromEntries(Object.keys(GROUPS).map(g => [g, new Map()]));
for (const chunk of stats.chunks) {
  for (const m of leafModules(chunk.modules)) {
    const name = m.nameForCondition ?? m.name ?? m.identifier ?? '';
    for (const [group, pattern] of Object.entries(GROUPS)) {
      if (pattern.test(name)) {
        own[group].set(chunk.id, (own[group].get(chunk.id) ?? 0) + m.size);
      }
    }
  }
}

const fileSize = file => {
  const buf = fs.readFileSync(path.join(dist, file));
  return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
};

const kB = n => `${(n / 1024).toFixed(1)} kB`;
const report = {};
for (const [group, byChunk] of Object.entries(own)) {
  const rows = [...byChunk.entries()].map(([id, ownBytes]) => {
    const chunk = chunksById.get(id);
    const js = chunk.files.filter(f => f.endsWith('.js'));
    const size = js
      .map(fileSize)
      .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
        raw: 0,
        gzip: 0,
      });
    return {
      chunk: id,
      files: js,
      initial: chunk.initial,
      ownBytes,
      ...size,
    };
  });
  rows.sort((a, b) => b.ownBytes - a.ownBytes);
  const lazy = rows.filter(r => !r.initial);
  report[group] = {
    chunks: rows,
    lazyTotal: {
      raw: lazy.reduce((n, r) => n + r.raw, 0),
      gzip: lazy.reduce((n, r) => n + r.gzip, 0),
      ownBytes: lazy.reduce((n, r) => n + r.ownBytes, 0),
    },
    initialOwnBytes: rows
      .filter(r => r.initial)
      .reduce((n, r) => n + r.ownBytes, 0),
  };
}

// The app's initial JavaScript, for scale.
const initial = new Set();
for (const ep of Object.values(stats.entrypoints ?? {})) {
  for (const a of ep.assets ?? []) {
    const name = typeof a === 'string' ? a : a.name;
    if (name.endsWith('.js')) initial.add(name);
  }
}
const initialSize = [...initial]
  .map(fileSize)
  .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
    raw: 0,
    gzip: 0,
  });
report.appInitialJs = { files: initial.size, ...initialSize };

for (const [group, r] of Object.entries(report)) {
  if (group === 'appInitialJs') continue;
  console.log(`\n${group}`);
  for (const c of r.chunks) {
    console.log(
      `  ${c.initial ? 'initial' : 'lazy   '} ${c.files.join(', ')}  ${kB(
        c.raw,
      )} (gzip ${kB(c.gzip)}), own source ${kB(c.ownBytes)}`,
    );
  }
  console.log(
    `  lazy chunks total: ${kB(r.lazyTotal.raw)} (gzip ${kB(
      r.lazyTotal.gzip,
    )}); own source in the initial bundle: ${kB(r.initialOwnBytes)}`,
  );
}
console.log(
  `\napp initial JS: ${report.appInitialJs.files} files, ${kB(
    report.appInitialJs.raw,
  )} (gzip ${kB(report.appInitialJs.gzip)})`,
);
if (jsonOut) fs.writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
