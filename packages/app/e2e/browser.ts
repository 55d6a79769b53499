import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';

/** Where the app under test is served (the frontend dev server by default). */
export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:3000';

/** Screenshots go to the git-ignored artifacts/ folder at the repository root. */
export const artifactsDir = path.resolve(__dirname, '../../../artifacts/e2e');

/**
 * Debian's Chromium, headless. The network flags stop Chromium from calling
 * Google services, which this machine's closed network refuses noisily.
 */
export async function launchBrowser(): Promise<Browser> {
  // Playwright gives each launch a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * Saves a screenshot to artifacts/e2e/<name>.png: the whole page by default,
 * only the viewport with `fullPage: false` (a modal dialog covers only that).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/** Signs in with the guest provider if the sign-in page is shown. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto(baseUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sidebar's <nav> has no box of its own (its drawer is fixed), so
  // Playwright calls it hidden: wait for a link inside it instead.
  const sidebar = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  // Either the guest sign-in page or, with a remembered session, the app.
  await enter.or(sidebar).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
  await sidebar.waitFor({ timeout: 60_000 });
}

/**
 * A browser context whose app runs without the signals API, as an app that
 * has not installed the signals plugin: the runtime config the app reads
 * last (window.__APP_CONFIG__) has the extensions of app-config.yaml plus
 * the signals API turned off. Arrays are replaced, not merged, hence the
 * catalog entry again.
 */
export async function newContextWithoutSignals(
  browser: Browser,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
  });
  await context.addInitScript(() => {
    (window as unknown as { __APP_CONFIG__: unknown }).__APP_CONFIG__ = {
      app: {
        extensions: [
          { 'page:catalog': { config: { path: '/' } } },
          { 'api:signals': false },
          // The user-settings storage module needs the signals API; an app
          // without signals keeps settings in the browser (the default).
          { 'api:app/user-settings-storage': false },
        ],
      },
    };
  });
  return context;
}
