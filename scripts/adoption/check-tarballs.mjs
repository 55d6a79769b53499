#!/usr/bin/env node
/*
 * Checks the packed tarballs of every package as a registry would serve
 * them: each entry point, type definition, export, bin and config schema
 * its package.json names is in the tarball; no `workspace:` range is left;
 * LICENSE and repository.directory are there; every @backstage/* dependency
 * is the caret range of the pinned release's version (the root
 * `resolutions`), so an app of that release gets no nested duplicate; and
 * the Terraform roots and templates are packed where the plugins look.
 *
 *   node scripts/adoption/check-tarballs.mjs <dir with *.tgz>
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const release = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
).resolutions;

// Files each package must carry beyond what its package.json names.
const REQUIRED_ASSETS = {
  '@videogen/plugin-videogen-backend': [
    'migrations',
    'assets/terraform/environments/local/main.tf',
    'assets/terraform/environments/aws/main.tf',
    'assets/terraform/modules/storage/main.tf',
  ],
  // The hashing worker, bundled after the package build (its own file, so
  // the app's bundler emits it as the worker chunk).
  '@videogen/plugin-videogen': ['dist/upload/hashWorker.esm.js'],
  '@videogen/plugin-scaffolder-backend-module-videogen': [
    'assets/templates/provision-environment/template.yaml',
    'assets/templates/teardown-environment/template.yaml',
  ],
};

function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') {
    // The `backstage` condition marks a feature's kind, not a file.
    return Object.entries(value)
      .filter(([condition]) => condition !== 'backstage')
      .flatMap(([, target]) => exportTargets(target));
  }
  return [];
}

function checkTarball(tarball) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-tarball-'));
  try {
    execFileSync('tar', ['xzf', tarball, '-C', dir]);
    const pkgDir = path.join(dir, 'package');
    const pkg = JSON.parse(
      fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
    );
    const problems = [];
    const mustExist = (file, why) => {
      if (!fs.existsSync(path.join(pkgDir, file))) {
        problems.push(`${why} ${file} is not in the tarball`);
      }
    };
    for (const field of ['main', 'module', 'types']) {
      if (pkg[field]) mustExist(pkg[field], `"${field}":`);
    }
    if (!pkg.main) problems.push('no "main"');
    if (!pkg.types) problems.push('no "types"');
    for (const target of exportTargets(pkg.exports)) {
      mustExist(target, '"exports":');
    }
    for (const target of exportTargets(pkg.bin)) mustExist(target, '"bin":');
    if (pkg.configSchema) mustExist(pkg.configSchema, '"configSchema":');
    mustExist('LICENSE', 'license:');
    for (const file of REQUIRED_ASSETS[pkg.name] ?? []) {
      mustExist(file, 'asset:');
    }
    if (!pkg.repository?.directory) problems.push('no repository.directory');
    if (/src\//.test(JSON.stringify([pkg.main, pkg.types, pkg.exports]))) {
      problems.push('an entry point still names src/');
    }
    for (const field of [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (range.startsWith('workspace:')) {
          problems.push(`${field}.${name} is still ${range}`);
        }
        if (name.startsWith('@backstage/') && field === 'dependencies') {
          const want = release[name] && `^${release[name]}`;
          if (range !== want) {
            problems.push(
              `${name} is ${range}, not ${want ?? 'in the pinned release'}`,
            );
          }
        }
      }
    }
    return { name: pkg.name, version: pkg.version, problems };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const tarballDir = process.argv[2];
const tarballs = fs
  .readdirSync(tarballDir)
  .filter(file => file.endsWith('.tgz'))
  .sort();
let failed = false;
for (const file of tarballs) {
  const { name, version, problems } = checkTarball(path.join(tarballDir, file));
  if (problems.length) {
    failed = true;
    console.log(`FAIL ${name}@${version}`);
    for (const problem of problems) console.log(`     - ${problem}`);
  } else {
    console.log(`ok   ${name}@${version}`);
  }
}
if (tarballs.length === 0) {
  console.log(`No tarballs in ${tarballDir}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
