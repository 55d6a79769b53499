import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, Page } from 'playwright-core';
import {
  baseUrl,
  launchBrowser,
  newContextWithoutSignals,
  signInAsGuest,
} from '../../packages/app/e2e/browser';
import { loadAverage, percentile } from '../lib/common';

/*
 * Time from a job's state change in the database (its `finishedAt`) to the
 * Batch queue card showing SUCCEEDED, in Chromium, local mode, for the app
 * as installed (signals: push) and the same app with the signals API turned
 * off (today's polling, every 10 s). Both pages watch the same jobs, one
 * after the other (the card lists the 5 newest jobs). Run through
 * scripts/e2e.sh, which starts the app on ports of its own:
 *
 *   E2E_FRONTEND_PORT=3300 E2E_BACKEND_PORT=7307 E2E_OIDC_PORT=7390 \
 *     BENCH_JOBS=20 bash scripts/e2e.sh bench/push-latency/push-latency.bench.ts
 *
 * Writes artifacts/bench/push-latency.json (every job) and prints the
 * medians and 95th percentiles.
 */

const JOBS = Number(process.env.BENCH_JOBS ?? 20);
const LOCAL_TAB = `${baseUrl}/catalog/default/resource/local/video-generator`;
const backend = baseUrl.replace(
  /:\d+$/,
  `:${process.env.E2E_BACKEND_PORT ?? '7007'}`,
);
const fixtures = path.resolve(__dirname, '../../fixtures/characters');
const out = path.resolve(__dirname, '../../artifacts/bench/push-latency.json');

let browser: Browser;
let push: Page;
let polling: Page;

async function token(): Promise<string> {
  const response = await push.request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  return (await response.json()).backstageIdentity.token;
}

async function api(method: 'GET' | 'POST', route: string, multipart?: any) {
  const response = await push.request.fetch(`${backend}/api/videogen${route}`, {
    method,
    headers: { authorization: `Bearer ${await token()}` },
    multipart,
  });
  assert.ok(response.ok(), `${method} ${route}: ${response.status()}`);
  return response.json();
}

/** Records when the page's queue card first lists `jobId` as SUCCEEDED. */
async function watch(page: Page, jobId: string) {
  await page.evaluate(id => {
    const w = window as unknown as { __seen: Record<string, number> };
    w.__seen = w.__seen ?? {};
    const check = () => {
      const line =
        document
          .querySelector(
            `section[aria-label="Batch queue"] code[title="${id}"]`,
          )
          ?.closest('li')?.textContent ?? '';
      if (w.__seen[id] === undefined && line.startsWith('SUCCEEDED')) {
        w.__seen[id] = Date.now();
      }
    };
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    check();
  }, jobId);
}

async function seenAt(page: Page, jobId: string): Promise<number> {
  const handle = await page.waitForFunction(
    id => (window as unknown as { __seen: Record<string, number> }).__seen[id],
    jobId,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** Median and 95th percentile of some latencies. */
const spread = (values: number[]) => ({
  medianMs: percentile(values, 50),
  p95Ms: percentile(values, 95),
});

before(async () => {
  browser = await launchBrowser();
  push = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await signInAsGuest(push);
  // The same app without the signals API.
  const context = await newContextWithoutSignals(browser);
  polling = await context.newPage();
  await signInAsGuest(polling);
  for (const page of [push, polling]) {
    await page.goto(LOCAL_TAB);
    await page.locator('section[aria-label="Batch queue"]').waitFor();
  }
});

after(async () => browser?.close());

test(
  `push vs polling over ${JOBS} jobs`,
  { timeout: JOBS * 5 * 60_000 },
  async t => {
    const photo = fs.readFileSync(path.join(fixtures, 'robot.png'));
    const base = fs
      .readFileSync(path.join(fixtures, 'robot.txt'), 'utf8')
      .trim();
    const rows: { jobId: string; pushMs: number; pollingMs: number }[] = [];
    const stamp = Date.now();
    for (let i = 0; i < JOBS; i++) {
      // A new pair every time: never deduplicated.
      const created = await api('POST', '/videos', {
        environment: 'local',
        script: `${base} Benchmark ${stamp} job ${i + 1}.`,
        photo: { name: 'robot.png', mimeType: 'image/png', buffer: photo },
      });
      const { jobId, id } = created.video;
      await watch(push, jobId);
      await watch(polling, jobId);
      let video = created.video;
      while (!['SUCCEEDED', 'FAILED'].includes(video.state)) {
        await push.waitForTimeout(500);
        video = await api('GET', `/videos/${id}`);
      }
      assert.equal(video.state, 'SUCCEEDED', video.failureReason);
      const finishedAt = Date.parse(video.finishedAt);
      const row = {
        jobId,
        pushMs: (await seenAt(push, jobId)) - finishedAt,
        pollingMs: (await seenAt(polling, jobId)) - finishedAt,
      };
      rows.push(row);
      t.diagnostic(
        `job ${i + 1}: push ${row.pushMs} ms, polling ${row.pollingMs} ms`,
      );
    }
    const summary = {
      jobs: rows.length,
      push: spread(rows.map(r => r.pushMs)),
      polling: spread(rows.map(r => r.pollingMs)),
      loadavg: loadAverage(),
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ summary, rows }, null, 2)}\n`);
    t.diagnostic(JSON.stringify(summary));
  },
);
