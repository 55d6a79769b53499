#!/usr/bin/env node
// The reverse of the IAM contract: actions our Terraform grants a principal
// that no recorded call of the test suite used. Reads the actions the
// contract tests noted in $IAM_USAGE_DIR/<principal>.txt (one per line) and
// the Allow statements of terraform/policies/<principal>.json.tftpl.
// Informational: an unused grant is listed, not failed (some actions are
// used only by AWS on the principal's behalf, e.g. Session Manager).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const usageDir = process.argv[2] ?? process.env.IAM_USAGE_DIR;
if (!usageDir || !fs.existsSync(usageDir)) {
  console.error(
    'usage: iam-usage-report.mjs <usage dir written by the contract tests>',
  );
  process.exit(2);
}

for (const file of fs
  .readdirSync(usageDir)
  .filter(f => f.endsWith('.txt'))
  .sort()) {
  const principal = file.replace(/\.txt$/, '');
  const used = new Set(
    fs
      .readFileSync(path.join(usageDir, file), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  const template = path.join(
    root,
    'terraform/policies',
    `${principal}.json.tftpl`,
  );
  // Placeholders sit inside JSON strings, so any text makes it parseable.
  const policy = JSON.parse(
    fs
      .readFileSync(template, 'utf8')
      .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x'),
  );
  const granted = new Set();
  for (const statement of policy.Statement) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of [].concat(statement.Action)) granted.add(action);
  }
  const unused = [...granted].filter(action => !used.has(action)).sort();
  console.log(
    `IAM ${principal}: ${used.size} action(s) used by recorded calls, ${
      granted.size
    } granted; granted but not used by any recorded call: ${
      unused.length ? unused.join(', ') : 'none'
    }`,
  );
}
