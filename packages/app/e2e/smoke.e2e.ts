import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, screenshot, signInAsGuest } from './browser';

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

after(async () => {
  await browser?.close();
});

test('a guest signs in and opens the video-generator page from the sidebar', async t => {
  await signInAsGuest(page);

  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  const link = sidebar.getByRole('link', { name: 'Video generator' });
  await link.waitFor({ timeout: 30_000 });
  await link.click();

  await page.waitForURL(`${baseUrl}/videogen`);
  await page.getByText('Backend healthy').waitFor({ timeout: 30_000 });
  assert.ok(
    await sidebar
      .getByRole('link', { name: 'Catalog', exact: true })
      .isVisible(),
    'the Backstage sidebar is shown',
  );
  const file = await screenshot(page, 'smoke-videogen-page');
  t.diagnostic(`screenshot: ${file}`);
});
