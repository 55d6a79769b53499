import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  baseUrl,
  launchBrowser,
  newContextWithoutSignals,
  screenshot,
  signInAsGuest,
} from './browser';

/*
 * Live by push (issue 16), in local mode against the real backend:
 * - /videogen starts with the upload card;
 * - a new photo + script becomes a video that opens in the player by itself;
 * - the Batch queue card shows SUCCEEDED within 1 s of the job finishing;
 * - a page of an app without the signals plugin still updates its cards
 *   (fallback polling).
 *
 * Two browser contexts watch the same job: `page` is the app as installed
 * (signals on); `plain` is the same app with the signals API extension
 * disabled through app config (`api:signals: false`, and the user-settings
 * storage module that depends on it, given as the page's runtime config),
 * which is what removing the plugin from an app does for the frontend.
 */

const fixtures = path.resolve(__dirname, '../../../fixtures/characters');
const LOCAL_TAB = `${baseUrl}/catalog/default/resource/local/video-generator`;
const backend = baseUrl.replace(
  /:\d+$/,
  `:${process.env.E2E_BACKEND_PORT ?? '7007'}`,
);
/** Rendering a video on a busy 2-core machine takes a while. */
const JOB_TIMEOUT_MS = 6 * 60_000;
/** The acceptance: the queue card shows the finished job within this. */
const PUSH_LATENCY_LIMIT_MS = 1_000;
/** Without signals the status cards poll every 10 s (STATUS_INTERVAL_MS). */
const FALLBACK_LATENCY_LIMIT_MS = 10_000 + 5_000;

let browser: Browser;
let page: Page;
let plainContext: BrowserContext;
let plain: Page;
const signalSockets: Record<'page' | 'plain', string[]> = {
  page: [],
  plain: [],
};
let videoId: string | undefined;
let jobId: string | undefined;

async function guestToken(on: Page): Promise<string> {
  const response = await on.request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const body = await response.json();
  return body.backstageIdentity.token;
}

type ApiVideo = {
  id: string;
  jobId: string;
  state: string;
  finishedAt?: string;
  failureReason?: string;
};

async function getVideo(id: string): Promise<ApiVideo> {
  // The development backend restarts when a watched source changes (other
  // work in the same tree): ride over a restart instead of failing on it.
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await page.request.get(
        `${backend}/api/videogen/videos/${id}`,
        { headers: { authorization: `Bearer ${await guestToken(page)}` } },
      );
      assert.equal(response.status(), 200, `GET /videos/${id}`);
      return response.json();
    } catch (error) {
      if (attempt >= 60) throw error;
      await page.waitForTimeout(1_000);
    }
  }
}
/**
 * Records, in the page, the wall-clock time at which the Batch queue card
 * first lists the job as SUCCEEDED (a MutationObserver, so the moment React
 * renders it, not when the test next looks). Backend and browser run on
 * this machine, so their clocks compare with the job's finishedAt.
 */
async function watchQueueCard(on: Page, job: string) {
  await on.evaluate(id => {
    const w = window as unknown as { __succeededAt?: number };
    delete w.__succeededAt;
    const check = () => {
      const code = document.querySelector(
        `section[aria-label="Batch queue"] code[title="${id}"]`,
      );
      const line = code?.closest('li')?.textContent ?? '';
      if (w.__succeededAt === undefined && line.startsWith('SUCCEEDED')) {
        w.__succeededAt = Date.now();
      }
    };
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    check();
  }, job);
}

async function succeededAt(on: Page, timeoutMs: number): Promise<number> {
  const handle = await on.waitForFunction(
    () => (window as unknown as { __succeededAt?: number }).__succeededAt,
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as number;
}

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(60_000);
  page.on('websocket', ws => {
    if (ws.url().includes('/api/signals')) signalSockets.page.push(ws.url());
  });
  await signInAsGuest(page);

  plainContext = await newContextWithoutSignals(browser);
  plain = await plainContext.newPage();
  plain.setDefaultTimeout(60_000);
  plain.on('websocket', ws => {
    if (ws.url().includes('/api/signals')) signalSockets.plain.push(ws.url());
  });
  try {
    await signInAsGuest(plain);
  } catch (error) {
    await screenshot(plain, 'push-00-no-signals-sign-in');
    const text = (await plain.locator('body').innerText()).slice(0, 1_000);
    throw new Error(`The app without signals did not start: ${text}`, {
      cause: error,
    });
  }
});

after(async () => {
  await plainContext?.close();
  await browser?.close();
});

describe('live by push (local mode)', () => {
  test('/videogen starts with the upload card, no further click', async () => {
    await page.goto(`${baseUrl}/videogen`);
    const form = page.locator('form[aria-label="Generate a video"]');
    await form.waitFor();
    assert.ok(await form.isVisible(), 'the upload form is shown');
    const picker = page.locator('#videogen-upload-environment');
    await picker.waitFor();
    assert.match(
      (await picker.textContent()) ?? '',
      /local/,
      'the picker defaults to the ready local environment',
    );
    await screenshot(page, 'push-01-videogen-page');
  });

  test('a new upload opens in the player by itself; the queue card follows within 1 s', async t => {
    // The app without signals watches the same environment from the start.
    await plain.goto(LOCAL_TAB);
    try {
      await plain
        .locator('section[aria-label="Batch queue"]')
        .getByRole('list', { name: 'Recent jobs' })
        .or(plain.getByText('No jobs yet.'))
        .first()
        .waitFor();
    } catch (error) {
      await screenshot(plain, 'push-00-no-signals-tab');
      const text = (await plain.locator('body').innerText()).slice(0, 1_500);
      throw new Error(`The tab without signals shows no queue: ${text}`, {
        cause: error,
      });
    }

    await page.goto(LOCAL_TAB);
    await page.locator('section[aria-label="Batch queue"]').waitFor();
    await page
      .locator('#videogen-photo-input')
      .setInputFiles(path.join(fixtures, 'fox.webp'));
    // A pair no other test uploads: the fox script with a sentence of its own.
    const script = `${fs
      .readFileSync(path.join(fixtures, 'fox.txt'), 'utf8')
      .trim()} This run was started at ${new Date().toISOString()}.`;
    await page.getByRole('textbox', { name: 'Script' }).fill(script);
    await page.waitForFunction(
      () =>
        !(
          document.querySelector(
            'form[aria-label="Generate a video"] button[type="submit"]',
          ) as HTMLButtonElement | null
        )?.disabled,
    );
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    const job = page.getByTestId('videogen-job');
    await job.waitFor({ timeout: 120_000 });
    videoId = (await job.getAttribute('data-video-id')) ?? undefined;
    assert.ok(videoId, 'the job shows its video id');
    const created = await getVideo(videoId);
    jobId = created.jobId;
    await watchQueueCard(page, jobId);
    await watchQueueCard(plain, jobId);

    // The backend's side: poll the API until the job has finished.
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    let video = created;
    while (!['SUCCEEDED', 'FAILED'].includes(video.state)) {
      assert.ok(Date.now() < deadline, 'the job finished in time');
      await page.waitForTimeout(250);
      video = await getVideo(videoId);
    }
    assert.equal(video.state, 'SUCCEEDED', video.failureReason);
    const finishedAt = Date.parse(video.finishedAt!);

    // No click since Start: the player opens by itself.
    const player = page.getByTestId('videogen-player');
    await player.waitFor({ timeout: 30_000 });
    const title = (await page.getByRole('dialog').textContent()) ?? '';
    assert.match(title, new RegExp(`Video ${videoId.slice(0, 8)}`));
    await screenshot(page, 'push-02-player-opened', { fullPage: false });

    const pushSeen = await succeededAt(page, 30_000);
    const pushLatency = pushSeen - finishedAt;
    t.diagnostic(
      `push: queue card SUCCEEDED ${pushLatency} ms after finishedAt`,
    );
    assert.ok(
      signalSockets.page.length > 0,
      'the app as installed subscribes through /api/signals',
    );
    assert.ok(
      pushLatency <= PUSH_LATENCY_LIMIT_MS,
      `the queue card showed SUCCEEDED ${pushLatency} ms after the job finished (limit ${PUSH_LATENCY_LIMIT_MS} ms)`,
    );

    const plainSeen = await succeededAt(plain, 60_000);
    const plainLatency = plainSeen - finishedAt;
    t.diagnostic(`no signals: queue card SUCCEEDED ${plainLatency} ms after`);
    assert.deepEqual(
      signalSockets.plain,
      [],
      'the app without the signals plugin opens no signals connection',
    );
    assert.ok(
      plainLatency <= FALLBACK_LATENCY_LIMIT_MS,
      `without signals the card still updated, ${plainLatency} ms after`,
    );
    await screenshot(plain, 'push-03-no-signals-updated');
  });

  test('?video=<id> opens that video, on the environment tab and on /videogen', async () => {
    assert.ok(videoId, 'needs the uploaded video');
    // The notification's link (videogen-backend src/push/videoLink.ts) and
    // the environment tab's own.
    for (const link of [
      `${baseUrl}/videogen?environment=local&video=${videoId}`,
      `${LOCAL_TAB}?video=${videoId}`,
    ]) {
      await page.goto(link);
      await page.getByTestId('videogen-player').waitFor();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Close' })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      assert.doesNotMatch(page.url(), /video=/, 'closing drops the parameter');
    }
  });
});
