/*
 * Steps of the video generator's browser test (videogen.e2e.ts) that would
 * make it too long: the upload network log and its checks, and the card
 * wait.
 */

import fs from 'node:fs';
import assert from 'node:assert/strict';
import { Page } from 'playwright-core';

const STORAGE_PUT =
  /^PUT \/api\/videogen\/storage\/uploads\/[0-9a-f-]+\/(photo|script)$/;

/**
 * The page's network log for the upload tests: every request in order, the
 * answers of the upload API, and the Web Workers the page started. Tests
 * take a mark before acting and read what happened since.
 */
export class UploadsLog {
  private readonly requests: Array<{ method: string; url: string }> = [];
  private readonly answers: Array<{
    method: string;
    path: string;
    status: number;
  }> = [];
  readonly workers: string[] = [];

  constructor(page: Page) {
    page.on('request', request =>
      this.requests.push({ method: request.method(), url: request.url() }),
    );
    page.on('response', response => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/videogen/uploads')) {
        this.answers.push({
          method: response.request().method(),
          path,
          status: response.status(),
        });
      }
    });
    page.on('worker', worker => this.workers.push(worker.url()));
  }

  mark(): { requests: number; answers: number } {
    return { requests: this.requests.length, answers: this.answers.length };
  }

  /** Requests since the mark, as "METHOD /path". */
  requestsSince(mark: { requests: number }): string[] {
    return this.requests
      .slice(mark.requests)
      .map(({ method, url }) => `${method} ${new URL(url).pathname}`);
  }

  /** PUTs (photo or script bytes to storage) since the mark. */
  putsSince(mark: { requests: number }): string[] {
    return this.requestsSince(mark).filter(line => line.startsWith('PUT '));
  }

  /** Answers of the upload API since the mark, as "METHOD /path status". */
  answersSince(mark: { answers: number }): string[] {
    return this.answers
      .slice(mark.answers)
      .map(({ method, path, status }) => `${method} ${path} ${status}`);
  }

  /**
   * The direct flow happened since the mark: POST /uploads, then (for a new
   * pair, 201) one PUT per object to the signed storage route and the
   * completion; never the multipart route; the hashing in a Web Worker.
   */
  assertDirectUpload(
    mark: { requests: number; answers: number },
    diagnostic: (message: string) => void,
  ): void {
    const requests = this.requestsSince(mark);
    const answers = this.answersSince(mark);
    diagnostic(`upload API answers: ${answers.join(', ')}`);
    diagnostic(`workers started: ${this.workers.join(', ')}`);
    assert.ok(
      !requests.includes('POST /api/videogen/videos'),
      'the multipart route is not used',
    );
    // The bundler names the chunk after the Worker's `name` option.
    assert.ok(
      this.workers.some(url => url.includes('videogen-sha256')),
      `the browser hashed in its Web Worker (workers: ${this.workers})`,
    );
    const started = answers.find(a =>
      a.startsWith('POST /api/videogen/uploads '),
    );
    assert.ok(started, `POST /api/videogen/uploads was made: ${requests}`);
    const puts = this.putsSince(mark);
    if (started.endsWith(' 200')) {
      // A rerun against a data directory that already has the pair.
      diagnostic('the pair was known already: deduplicated before any PUT');
      assert.deepEqual(puts, []);
      return;
    }
    assert.equal(started, 'POST /api/videogen/uploads 201');
    assert.deepEqual(
      puts.map(put => STORAGE_PUT.exec(put)?.[1]).sort(),
      ['photo', 'script'],
      `one PUT per object to the signed storage route: ${puts.join(', ')}`,
    );
    assert.ok(
      answers.some(a =>
        /^POST \/api\/videogen\/uploads\/[0-9a-f-]+\/complete 202$/.test(a),
      ),
      `the upload was completed (202): ${answers.join(', ')}`,
    );
  }

  /** A known pair: answered 200 at once, and no byte sent anywhere. */
  assertNothingSent(mark: { requests: number; answers: number }): void {
    assert.deepEqual(this.answersSince(mark), [
      'POST /api/videogen/uploads 200',
    ]);
    assert.deepEqual(this.putsSince(mark), [], 'no PUT request was made');
    assert.ok(
      !this.requestsSince(mark).some(r =>
        /\/complete$|^POST \/api\/videogen\/videos$/.test(r),
      ),
      'nothing was completed or sent through the backend',
    );
  }
}

/** Picks the photo, types the script and presses Start. */
export async function uploadPair(
  page: Page,
  photo: string,
  scriptFile: string,
): Promise<void> {
  await page.locator('#videogen-photo-input').setInputFiles(photo);
  const script = page.getByRole('textbox', { name: 'Script' });
  await script.fill(fs.readFileSync(scriptFile, 'utf8'));
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await assert.doesNotReject(
    start.waitFor({ state: 'visible' }),
    'the Start button is shown',
  );
  await page.waitForFunction(
    () =>
      !(
        document.querySelector(
          'form[aria-label="Generate a video"] button[type="submit"]',
        ) as HTMLButtonElement | null
      )?.disabled,
  );
  await start.click();
}

/**
 * Uploads a pair while changing one byte of the photo on its way to storage
 * (same length: only its SHA-256 differs from the declared one). Returns
 * the text of the failure the page shows.
 */
export async function uploadWithAlteredPhoto(
  page: Page,
  photoFile: string,
  scriptFile: string,
): Promise<string> {
  const altered = fs.readFileSync(photoFile);
  altered[altered.length >> 1] ^= 0xff;
  const pattern = '**/api/videogen/storage/uploads/*/photo?*';
  let intercepted = 0;
  await page.route(pattern, route => {
    intercepted += 1;
    return route.continue({ postData: altered });
  });
  try {
    await uploadPair(page, photoFile, scriptFile);
    const alert = page.getByRole('alert').filter({ hasText: 'Upload failed.' });
    await alert.waitFor({ timeout: 60_000 });
    assert.equal(intercepted, 1, 'the photo PUT went through the interception');
    return ((await alert.textContent()) ?? '').trim();
  } finally {
    await page.unroute(pattern);
  }
}

/** Waits until a status card shows data (not a spinner, not an error). */
export async function waitForCard(page: Page, title: string): Promise<void> {
  const region = page.getByRole('region', { name: title, exact: true });
  await region.waitFor();
  await page.waitForFunction(
    name => {
      const el = document.querySelector(`section[aria-label="${name}"]`);
      if (!el) return false;
      const busy = el.querySelector('[data-testid="progress"]');
      return !busy && (el.textContent ?? '').trim().length > 0;
    },
    title,
    { timeout: 60_000 },
  );
  const text = (await region.textContent()) ?? '';
  assert.doesNotMatch(
    text,
    /Could not load|Permission required/,
    `the ${title} card shows data, got: ${text.slice(0, 200)}`,
  );
}
