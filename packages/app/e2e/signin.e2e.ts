import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, screenshot } from './browser';

/*
 * Sign-in with OpenID Connect through a real OIDC server: oidc/server.mjs
 * (oidc-provider on 127.0.0.1:7190), which scripts/test.sh starts before the
 * app and configures as the app's `auth.providers.oidc.development`. Each
 * test uses a fresh browser context, so no session carries over.
 */

type Account = { password: string; email: string; name: string };
const accounts: Record<string, Account> = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'oidc/accounts.json'), 'utf8'),
);

let browser: Browser;
let context: BrowserContext;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  await context?.close();
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** Opens the app and the OIDC provider's popup from the sign-in page. */
async function openOidcPopup(page: Page): Promise<Page> {
  await page.goto(`${baseUrl}/videogen`);
  const card = page
    .locator('li')
    .filter({ hasText: 'Sign in with OpenID Connect' });
  await card.waitFor();
  assert.ok(
    await page.getByRole('button', { name: 'Enter' }).isVisible(),
    'local mode still offers the one-click guest sign-in',
  );
  await screenshot(page, 'signin-01-choices');
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    card.getByRole('button', { name: 'Sign In' }).click(),
  ]);
  await popup.waitForLoadState();
  return popup;
}

async function logIn(popup: Page, login: string, password: string) {
  await popup.getByLabel('Login').fill(login);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

test('a catalog user signs in through the OIDC server and lands on the video generator as themselves', async () => {
  const page = await newPage();
  const popup = await openOidcPopup(page);
  await logIn(popup, 'ada', accounts.ada.password);
  await popup.getByRole('button', { name: 'Continue' }).click();

  // The popup closes and the app opens the page that was asked for.
  await page.getByText('Backend healthy').waitFor();
  assert.equal(new URL(page.url()).pathname, '/videogen');
  await screenshot(page, 'signin-02-videogen-as-ada');

  // The settings page (reached inside the app: a reload would need a
  // refresh token, which this provider does not issue) shows the identity
  // the backend gave: the catalog User with that email, and its group.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Settings' })
    .click();
  const identityCard = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Backstage Identity' });
  const userLink = identityCard.locator('a[href$="/catalog/default/user/ada"]');
  await userLink.first().waitFor();
  assert.match(
    (await identityCard.innerText()) ?? '',
    /User Entity:\s*(Ada Lovelace|ada)\b/,
    'signed in as the catalog User ada',
  );
  assert.ok(
    await identityCard
      .locator('a[href$="/catalog/default/group/app-team"]')
      .isVisible(),
    'with the groups of that User',
  );
  assert.match(
    await page.locator('body').innerText(),
    new RegExp(accounts.ada.email),
    'the profile shows the email the provider sent',
  );
  await screenshot(page, 'signin-03-settings-as-ada');
});

test('a wrong password is refused on the login form', async () => {
  const page = await newPage();
  const popup = await openOidcPopup(page);
  await logIn(popup, 'ada', 'not-the-password');
  await popup.getByRole('alert').waitFor();
  assert.equal(
    (await popup.getByRole('alert').textContent())?.trim(),
    'Invalid login or password.',
  );
  await screenshot(popup, 'signin-04-wrong-password');
  // Still on the sign-in page: nobody is signed in.
  assert.ok(
    await page
      .locator('li')
      .filter({ hasText: 'Sign in with OpenID Connect' })
      .isVisible(),
  );
  await popup.close();
});

test('a user unknown to the catalog is refused with a message naming their email', async () => {
  const page = await newPage();
  const popup = await openOidcPopup(page);
  await logIn(popup, 'mallory', accounts.mallory.password);
  await popup.getByRole('button', { name: 'Continue' }).click();

  const refusal = page.getByText(
    `there is no user with email ${accounts.mallory.email} in the catalog`,
    { exact: false },
  );
  await refusal.waitFor();
  await screenshot(page, 'signin-05-unknown-user');
  assert.ok(
    await page
      .locator('li')
      .filter({ hasText: 'Sign in with OpenID Connect' })
      .isVisible(),
    'the sign-in page is still shown',
  );
});
