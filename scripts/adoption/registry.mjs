#!/usr/bin/env node
/*
 * A minimal npm registry on loopback serving the packed tarballs, so the
 * adoption check installs them with the README's own commands exactly as an
 * adopter would from npm or a private registry (the packages are not
 * published; whoever publishes them replaces this). Read-only: packuments
 * (GET /<name>) and tarballs (GET /-/<file>). Anything else is 404, which
 * sends the client to its next registry for other scopes.
 *
 *   node scripts/adoption/registry.mjs <dir with *.tgz> <port>
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [tarballDir, portArg] = process.argv.slice(2);
const port = Number(portArg);
const base = `http://127.0.0.1:${port}`;

const packuments = new Map();
const files = new Map();
for (const file of fs.readdirSync(tarballDir).filter(f => f.endsWith('.tgz'))) {
  const full = path.join(tarballDir, file);
  const bytes = fs.readFileSync(full);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzOf', full, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  files.set(file, bytes);
  const published = fs.statSync(full).mtime.toISOString();
  const packument = packuments.get(manifest.name) ?? {
    name: manifest.name,
    'dist-tags': {},
    versions: {},
    time: {},
  };
  packument.versions[manifest.version] = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      tarball: `${base}/-/${encodeURIComponent(file)}`,
      shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${crypto
        .createHash('sha512')
        .update(bytes)
        .digest('base64')}`,
    },
  };
  packument['dist-tags'].latest = manifest.version;
  packument.time[manifest.version] = published;
  packuments.set(manifest.name, packument);
}

http
  .createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, base).pathname);
    const send = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (url.startsWith('/-/') && files.has(url.slice(3))) {
      send(200, files.get(url.slice(3)), 'application/octet-stream');
      return;
    }
    const packument = packuments.get(url.slice(1));
    if (packument) {
      send(200, JSON.stringify(packument));
      return;
    }
    send(404, JSON.stringify({ error: 'not found' }));
  })
  .listen(port, '127.0.0.1', () => {
    console.log(
      `registry on ${base}: ${[...packuments.keys()].sort().join(', ')}`,
    );
  });
