// Bad input is refused, by the page and, when the page is bypassed, by the
// server, whose message lands next to the field; nothing is created.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newContext, screenshot, signIn, startServer } from './helpers.mjs';


describe('creating a key with bad input', () => {
  let server;
  let browser;
  let context;
  let page;
  const creates = [];

  /** "YYYY-MM-DD" offsetDays from today in the browser's time zone (not this process's). */
  const localDate = (offsetDays) =>
    page.evaluate((n) => {
      const d = new Date();
      d.setDate(d.getDate() + n);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }, offsetDays);

  before(async () => {
    server = await startServer({
      orgs: [{ slug: 'acme', name: 'Acme Imports', plan: 'pro' }],
      users: [{ org: 'acme', email: 'ada@acme.test', name: 'Ada Admin', role: 'admin' }],
    });
    browser = await launchBrowser();
    // A zone far from UTC, so "end of the chosen day" is tested for real.
    context = await newContext(browser, server, { timezoneId: 'America/Los_Angeles' });
    page = await context.newPage();
    page.on('request', (req) => {
      if (req.url().endsWith('/graphql') && req.postData()?.includes('CreateApiKey')) creates.push(req.postDataJSON());
    });
    await page.goto('/sign-in');
    await signIn(page, 'ada@acme.test');
    await page.getByText('No active keys').waitFor();
    await page.getByRole('button', { name: 'New key' }).click();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The text of the error tied to a control by aria-describedby. */
  const errorOf = (locator) =>
    locator.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id))
        .filter((n) => n?.classList.contains('field-error'))
        .map((n) => n.textContent)
        .join(' '),
    );

  it('refuses a name of only spaces in the page', async () => {
    await page.getByLabel('Name').fill('     ');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('.field-error').first().waitFor();
    assert.match(await errorOf(page.getByLabel('Name')), /Enter a name/);
    assert.equal(creates.length, 0, 'nothing was sent');
    await screenshot(page, '14-invalid-name');
  });

  it('refuses a custom date in the past in the page', async () => {
    await page.getByLabel('Name').fill('Past key');
    await page.getByLabel('Expiry', { exact: true }).selectOption({ label: 'Custom date' });
    await page.getByLabel('Expiry date').fill(await localDate(-1));
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('.field-error').first().waitFor();
    assert.match(await errorOf(page.getByLabel('Expiry date')), /in the future/);
    assert.equal(creates.length, 0, 'nothing was sent');
    await screenshot(page, '15-invalid-date');
  });

  describe('when the page is bypassed, the server refuses and the page shows why', () => {
    // Rewrites the next createApiKey input on its way out, as a client that
    // skipped the page's checks would send it.
    async function tamper(change) {
      await page.route('**/graphql', async (route) => {
        const body = route.request().postDataJSON();
        if (body?.operationName !== 'CreateApiKey') return route.continue();
        body.variables.input = change(body.variables.input);
        await route.continue({ postData: JSON.stringify(body) });
      });
    }

    it('a date in the past: the error is next to the date', async () => {
      await tamper((input) => ({ ...input, expiresAt: new Date(Date.now() - 864e5).toISOString() }));
      await page.getByLabel('Expiry date').fill(await localDate(3));
      await page.getByRole('button', { name: 'Create key' }).click();
      const date = page.getByLabel('Expiry date');
      await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]'));
      assert.match(await errorOf(date), /\S/, 'a server message is shown next to the date');
      assert.equal(await date.getAttribute('aria-invalid'), 'true');
      await screenshot(page, '16-server-date-error');
      await page.unrouteAll();
    });

    it('a 101-character name: the error is next to the name', async () => {
      await tamper((input) => ({ ...input, name: 'x'.repeat(101) }));
      await page.getByLabel('Expiry', { exact: true }).selectOption({ label: '3 months' });
      await page.getByLabel('Name').fill('A fine name');
      await page.getByRole('button', { name: 'Create key' }).click();
      const name = page.getByLabel('Name');
      await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]'));
      assert.match(await errorOf(name), /\S/, 'a server message is shown next to the name');
      await screenshot(page, '17-server-name-error');
      await page.unrouteAll();
    });

    it('created nothing', async () => {
      await page.reload();
      await page.getByText('No active keys').waitFor();
      const nav = page.getByRole('navigation', { name: 'Settings' });
      await nav.getByRole('link', { name: 'Audit log' }).click();
      await page.getByText('Nothing here yet').waitFor();
      await nav.getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('button', { name: 'New key' }).click();
    });
  });

  it('creates a key with a custom date that expires at the end of that day, local time', async () => {
    const day = await localDate(5);
    await page.getByLabel('Name').fill('Short-lived test');
    await page.getByLabel('Expiry', { exact: true }).selectOption({ label: 'Custom date' });
    await page.getByLabel('Expiry date').fill(day);
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('code.token').waitFor();
    const sent = creates.at(-1).variables.input;
    assert.equal(sent.expiry, 'CUSTOM');
    assert.match(sent.expiresAt, new RegExp(`^${day}T23:59:59\\.999-0[78]:00$`));

    const row = page.getByRole('row').filter({ hasText: 'Short-lived test' });
    await row.getByText(/^Expires in \d+ days$/).waitFor();
    const shown = await row.locator('time').first().getAttribute('datetime');
    assert.equal(new Date(shown).getTime(), new Date(sent.expiresAt).getTime(), 'the server kept the exact instant');
    page.once('dialog', (d) => d.accept()); // "You have not copied the key…"
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await screenshot(page, '18-expires-soon');
  });
});
