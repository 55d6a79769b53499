/*
 * Time from navigation to "the data is on screen", in Chromium, for the
 * video generator's environment tab (upload card + four status cards) and,
 * as the peer measured in the same run, the catalog's entity table.
 *
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/frontend/render-timing.ts [--runs 5] [--out file.json]
 *
 * E2E_BASE_URL picks the app (default http://localhost:3000); --dist the
 * production build it serves (to size the scripts a page loads). Two numbers
 * per page:
 *  - load: a full page load (performance.now() when the data is shown, so
 *    it includes the app's boot, the lazy chunk and the API calls);
 *  - in-app: a client-side navigation from another page of the running app
 *    (the settings page) to the data being shown: the page's lazy chunks,
 *    its API calls and its rendering; plus the JavaScript it downloaded.
 * Every measurement starts from a fresh browser context (empty HTTP cache),
 * signed in on the settings page, and the two pages are measured
 * alternately so that both see the same machine load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page, Response } from 'playwright-core';
import { baseUrl, launchBrowser } from '../../packages/app/e2e/browser';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '5'));
/** The production build being served, to size the scripts a page loads. */
const DIST = path.resolve(arg('dist', 'packages/app/dist'));
const OUT = arg('out', '');

const ENVIRONMENT_TAB = '/catalog/default/resource/local/video-generator';

/** In the page: are the upload card and the four status cards showing data? */
function statusCardsReady(): number | false {
  const titles = ['Cluster', 'Batch queue', 'Videos', 'Terraform'];
  const ready = titles.every(title => {
    const el = document.querySelector(`section[aria-label="${title}"]`);
    return (
      !!el &&
      !el.querySelector('[data-testid="progress"]') &&
      (el.textContent ?? '').trim().length > 0
    );
  });
  const upload = document.querySelector('form[aria-label="Generate a video"]');
  return ready && !!upload ? performance.now() : false;
}

/** In the page: does the catalog table list entities? */
function catalogTableReady(): number | false {
  const link = document.querySelector(
    'table tbody tr a[href*="/catalog/default/"]',
  );
  return link ? performance.now() : false;
}

async function fullLoad(page: Page, path: string, ready: () => number | false) {
  await page.goto(`${baseUrl}${path}`);
  const handle = await page.waitForFunction(ready, undefined, {
    timeout: 120_000,
    polling: 'raf',
  });
  return (await handle.jsonValue()) as number;
}

/** Bytes of the scripts (as built, uncompressed), from the dist folder. */
function jsSize(scripts: Set<string>): number {
  let total = 0;
  for (const script of scripts) {
    const file = path.join(DIST, script.replace(/^\//, ''));
    total += fs.existsSync(file) ? fs.statSync(file).size : 0;
  }
  return total;
}

/**
 * A fresh browser context (empty cache), signed in on a neutral page (the
 * settings page), so neither page under test has its chunks cached.
 */
async function freshSession(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/settings`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const sidebar = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  await enter.or(sidebar).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) await enter.click();
  await sidebar.waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  return { context, page };
}

/**
 * Client-side navigation from the settings page (what a click on a link
 * does): milliseconds to the data, and the JavaScript bytes fetched.
 */
async function inApp(
  browser: Browser,
  path: string,
  ready: () => number | false,
) {
  const { context, page } = await freshSession(browser);
  const scripts = new Set<string>();
  page.on('response', (response: Response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) {
      scripts.add(new URL(response.url()).pathname);
    }
  });
  const t0 = await page.evaluate(to => {
    const start = performance.now();
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
    return start;
  }, path);
  const handle = await page.waitForFunction(ready, undefined, {
    timeout: 120_000,
    polling: 'raf',
  });
  const ms = ((await handle.jsonValue()) as number) - t0;
  await context.close();
  return { ms, jsKB: jsSize(scripts) / 1024, scripts: [...scripts] };
}

/** A full page load of `path` in a fresh session. */
async function load(
  browser: Browser,
  path: string,
  ready: () => number | false,
) {
  const { context, page } = await freshSession(browser);
  const ms = await fullLoad(page, path, ready);
  await context.close();
  return ms;
}

async function measureOnce(browser: Browser) {
  const videogenInApp = await inApp(browser, ENVIRONMENT_TAB, statusCardsReady);
  const catalogInApp = await inApp(browser, '/', catalogTableReady);
  return {
    videogenLoadMs: await load(browser, ENVIRONMENT_TAB, statusCardsReady),
    catalogLoadMs: await load(browser, '/', catalogTableReady),
    videogenInAppMs: videogenInApp.ms,
    catalogInAppMs: catalogInApp.ms,
    videogenInAppJsKB: videogenInApp.jsKB,
    catalogInAppJsKB: catalogInApp.jsKB,
    scripts: {
      videogenInApp: videogenInApp.scripts,
      catalogInApp: catalogInApp.scripts,
    },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

(async () => {
  const browser = await launchBrowser();
  const runs: Array<Awaited<ReturnType<typeof measureOnce>>> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await measureOnce(browser);
      runs.push(run);
      console.log(
        `run ${i + 1}: ${Object.entries(run)
          .filter(([, v]) => typeof v === 'number')
          .map(([k, v]) => `${k}=${Math.round(v as number)}`)
          .join(' ')}`,
      );
    }
  } finally {
    await browser.close();
  }
  const summary: Record<string, { median: number; min: number; max: number }> =
    {};
  const numeric = Object.keys(runs[0] ?? {}).filter(
    key => typeof (runs[0] as Record<string, unknown>)[key] === 'number',
  );
  for (const key of numeric) {
    const xs = runs.map(r => (r as unknown as Record<string, number>)[key]);
    summary[key] = {
      median: Math.round(median(xs)),
      min: Math.round(Math.min(...xs)),
      max: Math.round(Math.max(...xs)),
    };
  }
  console.log(JSON.stringify({ baseUrl, runs: RUNS, summary }, null, 2));
  if (OUT) {
    fs.writeFileSync(
      OUT,
      `${JSON.stringify({ baseUrl, runs, summary }, null, 2)}\n`,
    );
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
