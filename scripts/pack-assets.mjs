#!/usr/bin/env node
/*
 * Copies what a published package needs from outside its own folder into it
 * while it is packed, and removes the copies afterwards, so the repository
 * keeps one source for each (the top-level terraform/ and templates/, the
 * root LICENSE) and nothing is duplicated in git.
 *
 * Run from a package folder by its prepack/postpack scripts:
 *   node ../../scripts/pack-assets.mjs copy [terraform] [templates]
 *   node ../../scripts/pack-assets.mjs remove
 *
 * The LICENSE is always copied. terraform/ goes to assets/terraform (the
 * backend plugin finds it there with resolvePackagePath), templates/ to
 * assets/templates (the catalog module reads the scaffolder module's).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = process.cwd();
const ASSETS_DIR = 'assets';

// What is never part of a package: Terraform working state and caches
// (as in terraform/.gitignore), Terraform's own tests and test scripts.
const EXCLUDED_NAMES = new Set([
  '.terraform',
  '.plugin-cache',
  'terraform.tfstate.d',
  'tests',
  'test.sh',
  '.gitignore',
]);
const EXCLUDED_PATTERNS = [
  /\.tfstate(\..*)?$/,
  /\.tfplan$/,
  /^crash(\..*)?\.log$/,
  /\.tfstate\.lock\.info$/,
];

// Files git would commit (tracked, or new and not ignored), so the package
// honours every .gitignore; undefined outside a git checkout.
function gitFiles(dir) {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '.'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return new Set(
      out
        .split('\0')
        .filter(Boolean)
        .map(file => path.join(dir, file)),
    );
  } catch {
    return undefined;
  }
}

function includedIn(sourceDir) {
  const committed = gitFiles(sourceDir);
  return source => {
    const name = path.basename(source);
    if (EXCLUDED_NAMES.has(name) || EXCLUDED_PATTERNS.some(p => p.test(name))) {
      return false;
    }
    if (!committed || source === sourceDir) return true;
    if (fs.statSync(source).isDirectory()) {
      return [...committed].some(file => file.startsWith(source + path.sep));
    }
    return committed.has(source) && fs.existsSync(source);
  };
}

const SOURCES = {
  terraform: path.join(root, 'terraform'),
  templates: path.join(root, 'templates'),
};

function copy(assets) {
  if (path.resolve(packageDir) === root) {
    throw new Error('Run pack-assets.mjs from a package folder.');
  }
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(packageDir, 'LICENSE'));
  for (const asset of assets) {
    const source = SOURCES[asset];
    if (!source) {
      throw new Error(
        `Unknown asset "${asset}"; known: ${Object.keys(SOURCES).join(', ')}`,
      );
    }
    const target = path.join(packageDir, ASSETS_DIR, asset);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(source, target, { recursive: true, filter: includedIn(source) });
  }
}

function remove() {
  fs.rmSync(path.join(packageDir, 'LICENSE'), { force: true });
  fs.rmSync(path.join(packageDir, ASSETS_DIR), {
    recursive: true,
    force: true,
  });
}

const [command, ...assets] = process.argv.slice(2);
if (command === 'copy') {
  copy(assets);
} else if (command === 'remove') {
  remove();
} else {
  console.error('Usage: pack-assets.mjs copy [terraform] [templates] | remove');
  process.exit(2);
}
