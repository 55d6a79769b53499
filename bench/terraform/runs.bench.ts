/*
 * Benchmark of the Terraform run engine (plugins/videogen-backend).
 *
 * One cycle = plan, apply, destroy of the local root
 * (terraform/environments/local) for a fresh environment, measured three ways
 * in the same process, alternating so that machine load hits all of them:
 *
 *   api      through the run API over HTTP, as a client would: POST
 *            /environments, then for each of plan, apply, destroy: POST
 *            /environments/:name/runs and follow GET /runs/:id/log with
 *            long-polls (waitSeconds=20) until `complete`. The backend is the
 *            real videogen plugin in a Backstage test backend (SQLite in
 *            memory, mock auth), with the local job queue drained before the
 *            destroy.
 *   cli      the raw terraform CLI running exactly the commands the engine
 *            runs (init; plan -out -detailed-exitcode; show -json; apply
 *            <plan>; output -json; plan -destroy -out; apply <plan>), in a
 *            directory holding a copy of the root, as the engine does.
 *   cli-min  the shortest CLI a person would type for the same result:
 *            init; plan; apply -auto-approve; destroy -auto-approve.
 *
 * Wall time per cycle; median over the repetitions; ratio api / cli.
 * CPU = user+sys of this process (backend + client) plus its reaped children
 * (terraform), from /proc/self/stat.
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/terraform/runs.bench.ts [--repetitions 7]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import videogenPlugin from '../../plugins/videogen-backend/src';

const ROOT = path.resolve(__dirname, '../..');
const LOCAL_ROOT = path.join(ROOT, 'terraform/environments/local');
const CLI_CONFIG = path.join(ROOT, 'terraform/cli.tfrc');

const argValue = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const REPETITIONS = Number(argValue('--repetitions', '7'));

const TICK = 100; // USER_HZ
function cpuSeconds(): number {
  const fields = fs
    .readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime, stime, cutime, cstime are fields 14-17 (1-based), i.e. 11-14 here.
  return (
    fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / TICK
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function terraform(args: string[], env: Record<string, string>) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn('terraform', args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('close', code =>
      code === 0 || (code === 2 && args.includes('-detailed-exitcode'))
        ? resolve(output)
        : reject(new Error(`terraform ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

async function cliCycle(
  base: string,
  name: string,
  minimal: boolean,
): Promise<void> {
  const dir = path.join(base, 'cli', name);
  fs.mkdirSync(path.join(dir, 'plans'), { recursive: true });
  for (const file of fs.readdirSync(LOCAL_ROOT)) {
    if (file.endsWith('.tf')) {
      fs.copyFileSync(path.join(LOCAL_ROOT, file), path.join(dir, file));
    }
  }
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? os.tmpdir(),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: CLI_CONFIG,
    TF_DATA_DIR: path.join(dir, '.terraform'),
    TF_VAR_name: name,
    TF_VAR_storage_path: path.join(base, 'storage'),
    TF_VAR_worker_slots: '1',
  };
  const tf = (...args: string[]) => terraform([`-chdir=${dir}`, ...args], env);
  const common = ['-input=false', '-no-color'];
  if (minimal) {
    await tf('init', ...common);
    await tf('plan', ...common);
    await tf('apply', '-auto-approve', ...common);
    await tf('destroy', '-auto-approve', ...common);
    return;
  }
  const plan = (id: string) => path.join(dir, 'plans', `${id}.tfplan`);
  const planArgs = [...common, '-detailed-exitcode', '-lock-timeout=30s'];
  // plan
  await tf('init', ...common);
  await tf('plan', ...planArgs, `-out=${plan('1')}`);
  await tf('show', '-json', '-no-color', plan('1'));
  // apply
  await tf('init', ...common);
  await tf('plan', ...planArgs, `-out=${plan('2')}`);
  await tf('show', '-json', '-no-color', plan('2'));
  await tf('apply', ...common, '-lock-timeout=30s', plan('2'));
  await tf('output', '-json', '-no-color');
  // destroy
  await tf('init', ...common);
  await tf('plan', ...planArgs, '-destroy', `-out=${plan('3')}`);
  await tf('show', '-json', '-no-color', plan('3'));
  await tf('apply', ...common, '-lock-timeout=30s', plan('3'));
}

let logPolls = 0;

async function apiCycle(baseUrl: string, name: string): Promise<void> {
  const headers = {
    authorization: mockCredentials.user.header(),
    'content-type': 'application/json',
  };
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api/videogen${route}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${route}: ${JSON.stringify(json)}`);
    return json;
  };
  await call('POST', '/environments', { name, target: 'local' });
  for (const operation of ['plan', 'apply', 'destroy']) {
    const run = await call('POST', `/environments/${name}/runs`, {
      operation,
    });
    let offset = 0;
    for (;;) {
      logPolls++;
      const chunk = await call(
        'GET',
        `/runs/${run.id}/log?offset=${offset}&waitSeconds=20`,
      );
      offset = chunk.nextOffset;
      if (chunk.complete) {
        if (chunk.status !== 'SUCCEEDED') {
          throw new Error(`${operation} of ${name} ended ${chunk.status}`);
        }
        break;
      }
    }
  }
}

async function main() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-tf-bench-'));
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.rootConfig.factory({
        data: {
          videogen: {
            dataDir: path.join(base, 'data'),
            queue: { local: { workers: 1 } },
            terraform: {
              environmentsDir: path.join(ROOT, 'terraform/environments'),
              cliConfigFile: CLI_CONFIG,
              driftCheckInterval: false,
            },
          },
        },
      }),
    ],
  });
  const address = backend.server.address();
  const baseUrl = `http://localhost:${
    typeof address === 'object' && address ? address.port : 0
  }`;

  const kinds = ['api', 'cli', 'cli-min'] as const;
  const results: Record<(typeof kinds)[number], { wall: number; cpu: number }[]> =
    { api: [], cli: [], 'cli-min': [] };
  const run = async (kind: (typeof kinds)[number], name: string) => {
    const cpu0 = cpuSeconds();
    const t0 = process.hrtime.bigint();
    if (kind === 'api') await apiCycle(baseUrl, name);
    else await cliCycle(base, name, kind === 'cli-min');
    return {
      wall: Number(process.hrtime.bigint() - t0) / 1e9,
      cpu: cpuSeconds() - cpu0,
    };
  };

  // One warm-up cycle of each, not counted.
  for (const kind of kinds) await run(kind, `warm-${kind}`);
  for (let i = 0; i < REPETITIONS; i++) {
    // Rotate the order so that no variant always runs first.
    const order = [...kinds.slice(i % 3), ...kinds.slice(0, i % 3)];
    for (const kind of order) {
      results[kind].push(await run(kind, `b${i}-${kind}`));
    }
  }
  await backend.stop();
  fs.rmSync(base, { recursive: true, force: true });

  const load = os.loadavg()[0].toFixed(2);
  const fmt = (n: number) => n.toFixed(2);
  const lines = [
    `Repetitions: ${REPETITIONS} (after one warm-up cycle each); load average at the end: ${load}; ${
      os.cpus().length
    } CPUs; Node ${process.version}.`,
    '',
    '| variant | median wall s | min wall s | max wall s | median CPU s | wall ratio to cli | CPU ratio to cli |',
    '| ------- | ------------- | ---------- | ---------- | ------------ | ----------------- | ---------------- |',
  ];
  const cliWall = median(results.cli.map(r => r.wall));
  const cliCpu = median(results.cli.map(r => r.cpu));
  for (const kind of kinds) {
    const walls = results[kind].map(r => r.wall);
    const cpus = results[kind].map(r => r.cpu);
    lines.push(
      `| ${kind} | ${fmt(median(walls))} | ${fmt(Math.min(...walls))} | ${fmt(
        Math.max(...walls),
      )} | ${fmt(median(cpus))} | ${fmt(median(walls) / cliWall)} | ${fmt(
        median(cpus) / cliCpu,
      )} |`,
    );
  }
  // Cycles of one repetition ran back to back, under about the same load:
  // their ratio is steadier than the ratio of medians on a busy machine.
  const paired = results.api.map((r, i) => r.wall / results.cli[i].wall);
  const pairedCpu = results.api.map((r, i) => r.cpu / results.cli[i].cpu);
  lines.push(
    '',
    `Median of the per-repetition ratios api / cli: wall ${fmt(
      median(paired),
    )}, CPU ${fmt(median(pairedCpu))} (wall ratios: ${paired
      .map(fmt)
      .join(', ')}).`,
  );
  lines.push(
    '',
    `Log long-polls per api cycle (3 runs): ${(
      logPolls /
      (REPETITIONS + 1)
    ).toFixed(1)}`,
  );
  lines.push('', 'Per cycle (wall s): ');
  for (const kind of kinds) {
    lines.push(`- ${kind}: ${results[kind].map(r => fmt(r.wall)).join(', ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
