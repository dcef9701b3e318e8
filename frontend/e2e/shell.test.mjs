// The shell around the pages: a session that ends mid-use, accessibility
// (axe-core) and layout at every width, in light and dark, and what the
// browser actually downloads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations } from './axe.mjs';
import { inDays, launchBrowser, newContext, screenshot, signIn, startServer } from './helpers.mjs';

const BUDGET = 150 * 1024;
const WIDTHS = [1280, 1024, 800, 390, 320];

describe('the shell', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      orgs: [{ slug: 'acme', name: 'Acme Imports', plan: 'pro' }],
      users: [{ org: 'acme', email: 'ada@acme.test', name: 'Ada Admin', role: 'admin' }],
      staff: [{ email: 'sam@importops.test', name: 'Sam Support' }],
      keys: [{ org: 'acme', name: 'ERP sync', scopes: ['vehicles.read', 'vehicles.write'], expires: inDays(60), by: 'sam@importops.test' }],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(path, options) {
    const context = await newContext(browser, server, options);
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForURL('**/sign-in?next=*');
    await signIn(page, 'ada@acme.test');
    await page.waitForURL(`**${path}`);
    return { context, page };
  }

  it('asks to sign in again in place when the session ends, keeping the page and saying what happened', async () => {
    const { context, page } = await signedIn('/settings/audit-log', { bypassCSP: true });
    await page.getByRole('list', { name: 'Audit log' }).waitFor();

    // Signed out in another tab: the same cookies, the session gone.
    const other = await context.newPage();
    await other.goto('/settings/api-keys');
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL('**/sign-in');

    // A query: it runs again after signing in.
    await page.getByLabel('Action').selectOption({ label: 'Created key' });
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    assert.match(page.url(), /\/settings\/audit-log\?action=api_key\.created$/, 'no page change');
    await screenshot(page, '20-session-ended-dialog');
    assert.deepEqual(await axeViolations(page), [], 'the sign-in dialog');
    assert.equal(await dialog.getByLabel('Email').inputValue(), 'ada@acme.test');
    await dialog.getByLabel('Password').fill('correct horse battery staple');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Audit log' }).getByRole('listitem').filter({ hasText: 'ERP sync' }).waitFor();

    // A mutation: the half-typed form stays, and the page says it was not done.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
    // The list settles first, so only the form's request meets the ended session.
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByLabel('Endpoint URL').fill('https://hooks.acme.test/half-typed');
    await other.goto('/settings/api-keys'); // signed in again: the tabs share the new session
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL('**/sign-in');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill('correct horse battery staple');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Your session had ended, so this was not done.').waitFor();
    assert.equal(await page.getByLabel('Endpoint URL').inputValue(), 'https://hooks.acme.test/half-typed');
    await screenshot(page, '21-session-ended-outcome');
    assert.deepEqual(await axeViolations(page), [], 'the outcome next to the form');
    await context.close();
  });

  it('shows a key support issued for a date as that date in Europe', async () => {
    // `key issue --expires <date>` in before(): the key works through that day, UTC.
    const { context, page } = await signedIn('/settings/api-keys', { timezoneId: 'Europe/Berlin' });
    const row = page.getByRole('row').filter({ hasText: 'ERP sync' });
    await row.waitFor();
    const [y, m, d] = inDays(60).split('-').map(Number);
    const day = (n) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, n));
    const cell = await row.getByRole('cell').filter({ has: page.locator('time') }).first().textContent();
    assert.match(cell, new RegExp(day(d)), `the expiry cell says the chosen day: ${cell}`);
    assert.doesNotMatch(cell, new RegExp(day(d + 1)));
    await context.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    it(`has no axe-core violations and fits every width, ${colorScheme}`, async () => {
      const options = { colorScheme, bypassCSP: true, reducedMotion: 'reduce' };
      const anon = await newContext(browser, server, options);
      const signInPage = await anon.newPage();
      await signInPage.goto('/sign-in');
      await signInPage.getByRole('heading', { name: 'Sign in to ImportOps' }).waitFor();
      const { context, page } = await signedIn('/settings/audit-log', options);
      const pages = [
        { page: signInPage, path: '/sign-in', ready: (p) => p.getByRole('button', { name: 'Sign in' }).waitFor() },
        { page, path: '/settings/audit-log', ready: (p) => p.getByRole('list', { name: 'Audit log' }).waitFor() },
        { page, path: '/settings/webhooks', ready: (p) => p.getByLabel('Endpoint URL').waitFor() },
      ];
      const problems = [];
      for (const { page: p, path, ready } of pages) {
        for (const width of WIDTHS) {
          await p.setViewportSize({ width, height: 900 });
          await p.goto(path);
          await ready(p);
          problems.push(...(await layoutProblems(p)).map((m) => `${path} at ${width}px: ${m}`));
          if (width !== 1280 && width !== 390) continue;
          problems.push(...(await axeViolations(p)).map((v) => `${path} at ${width}px: ${v}`));
          await screenshot(p, `22-${path.replace(/\W+/g, '-').slice(1)}-${width}-${colorScheme}`);
        }
      }
      assert.deepEqual(problems, []);
      await context.close();
      await anon.close();
    });
  }

  it('sends the page compressed, under the budget in bytes actually transferred', async () => {
    const context = await newContext(browser, server);
    const page = await context.newPage();
    const assets = [];
    page.on('response', (res) => {
      if (/\/assets\/.*\.(js|css)$/.test(res.url())) assets.push(res);
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.ok(assets.some((r) => r.url().endsWith('.js')) && assets.some((r) => r.url().endsWith('.css')), 'the script and the styles');
    let sent = 0;
    for (const res of assets) {
      const h = await res.allHeaders();
      assert.equal(h['content-encoding'], 'br', `${res.url()} is sent in brotli`);
      assert.match(h.vary ?? '', /Accept-Encoding/);
      sent += (await res.request().sizes()).responseBodySize;
    }
    assert.ok(sent > 0 && sent < BUDGET, `${sent} bytes of JS and CSS sent, budget ${BUDGET}`);
    await context.close();
  });
});

/** Sideways scrolling, and buttons or links cut off at the viewport's edge. */
function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) out.push(`the page scrolls sideways by ${overflow}px`);
    for (const el of document.querySelectorAll('button, a, input, select')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('.skip-link')) continue;
      if (r.left < 0 || r.right > window.innerWidth) out.push(`"${el.textContent?.trim() || el.getAttribute('aria-label') || el.id}" is cut off`);
    }
    return out;
  });
}
