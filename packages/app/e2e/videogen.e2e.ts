import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, Locator, Page } from 'playwright-core';
import {
  artifactsDir,
  baseUrl,
  launchBrowser,
  screenshot,
  signInAsGuest,
} from './browser';
import {
  uploadPair,
  UploadsLog,
  uploadWithAlteredPhoto,
  waitForCard,
} from './videogenSteps';

/*
 * The video generator end to end, in local mode: the `local` environment's
 * tab, a direct upload (hashed in the browser, PUT to the signed storage
 * route) that becomes a playable (and seekable) video, the same upload
 * deduplicated with no byte sent, a photo altered on its way to storage
 * refused, a refused SVG, and the provision and teardown templates.
 * The steps share one page and run in order; a failed step skips the ones
 * that need it (node:test runs the tests of a file one after the other).
 */

const fixtures = path.resolve(__dirname, '../../../fixtures/characters');
const LOCAL_TAB = `${baseUrl}/catalog/default/resource/local/video-generator`;
/** Rendering a video on a busy 2-core machine takes a while. */
const JOB_TIMEOUT_MS = 6 * 60_000;
const STATUS_CARDS = ['Cluster', 'Batch queue', 'Videos', 'Terraform'];

let browser: Browser;
let page: Page;
let uploads: UploadsLog;
let firstVideoId: string | undefined;
let provisionedName: string | undefined;
const timings: Record<string, number> = {};

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(60_000);
  uploads = new UploadsLog(page);
  await signInAsGuest(page);
});

after(async () => {
  if (Object.keys(timings).length > 0) {
    fs.mkdirSync(artifactsDir, { recursive: true });
    fs.writeFileSync(
      path.join(artifactsDir, 'videogen-timings.json'),
      `${JSON.stringify(timings, null, 2)}\n`,
    );
  }
  await browser?.close();
});

function card(title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

async function jobState(): Promise<string> {
  return (
    (await page.getByTestId('videogen-job-state').textContent()) ?? ''
  ).trim();
}

describe('video generator (local mode)', () => {
  test('the local tab shows the upload card beside the four status cards', async () => {
    const started = Date.now();
    await page.goto(LOCAL_TAB);
    await page.getByText('Generate a video', { exact: true }).waitFor();
    for (const title of STATUS_CARDS) {
      await waitForCard(page, title);
    }
    timings.localTabStatusCardsMs = Date.now() - started;
    // The cluster card shows the local worker pool.
    const cluster = (await card('Cluster').textContent()) ?? '';
    assert.match(cluster, /Busy slots/, 'local mode shows the worker pool');
    assert.match(
      (await card('Terraform').textContent()) ?? '',
      /local: ready/,
      'the Terraform card shows the environment',
    );
    await screenshot(page, 'videogen-01-local-tab');
  });

  test('an upload goes straight to storage and becomes a job that reaches SUCCEEDED', async t => {
    const mark = uploads.mark();
    await uploadPair(
      page,
      path.join(fixtures, 'knight.jpg'),
      path.join(fixtures, 'knight.txt'),
    );
    const job = page.getByTestId('videogen-job');
    await job.waitFor({ timeout: 120_000 });
    await screenshot(page, 'videogen-02-uploaded');
    firstVideoId = (await job.getAttribute('data-video-id')) ?? undefined;
    assert.ok(firstVideoId, 'the job shows its video id');

    // The direct flow, in the page's own network log (see UploadsLog).
    uploads.assertDirectUpload(mark, message => t.diagnostic(message));

    // A rerun against a data directory that already has the knight video
    // gets the deduplicated answer first; both end in SUCCEEDED.
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    let state = await jobState();
    const seen = new Set([state]);
    while (state !== 'SUCCEEDED' && Date.now() < deadline) {
      assert.notEqual(
        state,
        'FAILED',
        `the job failed: ${await job.textContent()}`,
      );
      await page.waitForTimeout(1_000);
      state = await jobState();
      seen.add(state);
    }
    t.diagnostic(`job states seen: ${[...seen].join(' → ')}`);
    assert.equal(state, 'SUCCEEDED', 'the job succeeded in time');
    await screenshot(page, 'videogen-03-succeeded');
  });

  test('the player loads the video and can seek', async () => {
    assert.ok(firstVideoId, 'needs the uploaded video');
    const dialog = page.getByRole('dialog');
    if (!(await dialog.isVisible())) {
      await page.getByRole('button', { name: 'Play video' }).click();
    }
    await dialog.waitFor();
    const player = page.getByTestId('videogen-player');
    await player.waitFor();
    const duration = await player.evaluate(
      (video: HTMLVideoElement) =>
        new Promise<number>((resolve, reject) => {
          const done = () => resolve(video.duration);
          if (video.readyState >= 1) done();
          video.addEventListener('loadedmetadata', done, { once: true });
          video.addEventListener(
            'error',
            () => reject(new Error(`media error ${video.error?.code}`)),
            { once: true },
          );
        }),
    );
    assert.ok(duration > 0, `the video has a duration (${duration} s)`);

    const target = Math.min(duration / 2, Math.max(duration - 0.5, 0));
    const landed = await player.evaluate(
      (video: HTMLVideoElement, to: number) =>
        new Promise<number>(resolve => {
          video.addEventListener('seeked', () => resolve(video.currentTime), {
            once: true,
          });
          video.currentTime = to;
        }),
      target,
    );
    assert.ok(
      Math.abs(landed - target) < 1,
      `seeked to ${landed} s (asked ${target} s)`,
    );
    await screenshot(page, 'videogen-04-player', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('the same photo and script again is "already generated", with the same video and no byte sent', async () => {
    assert.ok(firstVideoId, 'needs the uploaded video');
    const mark = uploads.mark();
    await uploadPair(
      page,
      path.join(fixtures, 'knight.jpg'),
      path.join(fixtures, 'knight.txt'),
    );
    await page.getByText('Already generated.').waitFor({ timeout: 60_000 });
    const job = page.getByTestId('videogen-job');
    assert.equal(await job.getAttribute('data-video-id'), firstVideoId);
    // The backend knew the pair from its hashes: answered 200 at once, and
    // the page sent neither photo nor script.
    uploads.assertNothingSent(mark);
    // The existing video opens by itself.
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(
      (await dialog.textContent()) ?? '',
      new RegExp(`Video ${firstVideoId!.slice(0, 8)}`),
    );
    await screenshot(page, 'videogen-05-duplicate', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('a photo whose bytes differ from its declared hash is refused by storage', async () => {
    // The robot's hashes are declared; on the way to storage one byte of
    // the photo is changed (same length), as a corrupted or tampered body.
    const mark = uploads.mark();
    const refusal = await uploadWithAlteredPhoto(
      page,
      path.join(fixtures, 'robot.png'),
      path.join(fixtures, 'robot.txt'),
    );
    assert.match(
      refusal,
      /Upload failed\. Storage refused the photo: .*(SHA-256|bytes differ)/,
      `a sentence says the bytes are not the declared ones, got: ${refusal}`,
    );
    assert.ok(
      !uploads.requestsSince(mark).some(r => r.endsWith('/complete')),
      'a refused upload is not completed',
    );
    await screenshot(page, 'videogen-05b-altered-photo-refused');
  });

  test('an SVG is refused with a sentence saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-e2e-'));
    const svg = path.join(dir, 'drawing.svg');
    fs.writeFileSync(
      svg,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n',
    );
    try {
      await page.locator('#videogen-photo-input').setInputFiles(svg);
      const refusal = page.getByText(
        /"drawing\.svg" is a image\/svg\+xml file/,
      );
      await refusal.waitFor();
      assert.ok(
        await page
          .getByRole('button', { name: 'Start', exact: true })
          .isDisabled(),
        'Start is disabled for a refused photo',
      );
      await screenshot(page, 'videogen-06-svg-refused');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the provision template creates a local environment and shows its log', async () => {
    const name = `e2e-${Date.now().toString(36)}`;
    await page.goto(`${baseUrl}/create`);
    const template = page.locator('.MuiCard-root').filter({
      has: page.getByRole('heading', {
        name: 'Provision a video-generator environment',
      }),
    });
    try {
      await template.waitFor({ timeout: 60_000 });
    } catch {
      await screenshot(page, 'videogen-07-no-template');
      assert.fail(
        'The template "provision-environment" is not in the catalog: /create shows no ' +
          '"Provision a video-generator environment" card. The videogen catalog module ' +
          'provides it (videogen.catalog.templates, on by default; no catalog location ' +
          'needed); see the catalog log in artifacts/e2e-app.log.',
      );
    }
    await template.getByRole('button', { name: 'Choose' }).click();

    // Name and target (local is the default), then the review page.
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await screenshot(page, 'videogen-07-template-form');
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });

    // The task page shows the steps and the log the actions stream into it.
    const showLogs = page.getByRole('button', { name: 'Show Logs' });
    if (await showLogs.isVisible().catch(() => false)) {
      await showLogs.click();
    }
    const done = page.getByRole('link', { name: 'Open the environment' });
    const failed = page.getByText(/^Error: /);
    await done.or(failed).first().waitFor({ timeout: JOB_TIMEOUT_MS });
    const log = (await page.locator('body').innerText()).slice(-2_000);
    await screenshot(page, 'videogen-08-template-log');
    if (await failed.isVisible()) {
      assert.fail(
        `the provision task failed: ${await failed.first().textContent()}\n` +
          `--- end of the task page ---\n${log}`,
      );
    }
    assert.match(log, /terraform|Terraform/, 'the task log shows Terraform');

    // The new environment's tab follows the apply run in its Terraform card.
    const tab = `${baseUrl}/catalog/default/resource/${name}/video-generator`;
    const deadline = Date.now() + 3 * 60_000;
    for (;;) {
      await page.goto(tab);
      const terraform = card('Terraform');
      const appeared = await terraform
        .waitFor({ timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
      if (appeared) break;
      assert.ok(
        Date.now() < deadline,
        `the environment ${name} did not appear in the catalog within 3 minutes`,
      );
    }
    await waitForCard(page, 'Terraform');
    const runLog = page.getByTestId('videogen-run-log');
    await runLog.waitFor();
    await page.waitForFunction(
      () =>
        (
          document.querySelector('[data-testid="videogen-run-log"]')
            ?.textContent ?? ''
        ).length > 20,
    );
    assert.match(
      (await card('Terraform').textContent()) ?? '',
      new RegExp(`${name}: ready`),
      'the new environment is ready',
    );
    await screenshot(page, 'videogen-09-new-environment');
    provisionedName = name;
  });

  test('the teardown template destroys the new environment, which then leaves the catalog', async () => {
    assert.ok(provisionedName, 'needs the provisioned environment');
    const name = provisionedName;
    await page.goto(`${baseUrl}/create`);
    const template = page.locator('.MuiCard-root').filter({
      has: page.getByRole('heading', {
        name: 'Tear down a video-generator environment',
      }),
    });
    await template.waitFor({ timeout: 60_000 });
    await template.getByRole('button', { name: 'Choose' }).click();

    // The EntityPicker only offers environments.
    const picker = page.locator('#root_environment');
    await picker.click();
    await picker.fill(name);
    await page
      .getByRole('option', { name: new RegExp(name) })
      .first()
      .click();
    await page.locator('#root_confirmation').fill(name);
    await screenshot(page, 'videogen-10-teardown-form');
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });

    const showLogs = page.getByRole('button', { name: 'Show Logs' });
    if (await showLogs.isVisible().catch(() => false)) {
      await showLogs.click();
    }
    const done = page.getByText(/was destroyed; it leaves the catalog/);
    const failed = page.getByText(/^Error: /);
    await done.or(failed).first().waitFor({ timeout: JOB_TIMEOUT_MS });
    const log = (await page.locator('body').innerText()).slice(-2_000);
    await screenshot(page, 'videogen-11-teardown-log');
    if (await failed.isVisible()) {
      assert.fail(`the teardown task failed: ${log}`);
    }
    assert.match(log, /destroyed|Destroy/, 'the task log shows the destroy');

    // The catalog drops the entity once the destroy succeeded.
    const deadline = Date.now() + 2 * 60_000;
    for (;;) {
      const response = await page.request.get(
        `${baseUrl.replace(
          /:\d+$/,
          `:${process.env.E2E_BACKEND_PORT ?? '7007'}`,
        )}/api/catalog/entities/by-name/resource/default/${name}`,
        { headers: { authorization: `Bearer ${await guestToken()}` } },
      );
      if (response.status() === 404) break;
      assert.ok(
        Date.now() < deadline,
        `the entity of ${name} is still in the catalog 2 minutes after its destroy`,
      );
      await page.waitForTimeout(2_000);
    }
    await page.goto(`${baseUrl}/catalog/default/resource/${name}`);
    await screenshot(page, 'videogen-12-entity-gone');
  });
});

/** A guest token from the auth backend, for direct API checks. */
async function guestToken(): Promise<string> {
  const backend = baseUrl.replace(
    /:\d+$/,
    `:${process.env.E2E_BACKEND_PORT ?? '7007'}`,
  );
  const response = await page.request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  const body = await response.json();
  return body.backstageIdentity.token;
}
