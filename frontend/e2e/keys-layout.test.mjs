// The keys pages for every reader and screen: axe-core finds nothing on any
// page or dialog at desktop and phone widths, nothing scrolls sideways and
// no action button is cut off at 1280, 1024, 800, 390 and 320 px, and a
// request that never answers leaves every dialog closable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, inDays, launchBrowser, layoutProblems, newContext, screenshot, signIn, startServer, twoOrganisations } from './helpers.mjs';

const WIDTHS = [1280, 1024, 800, 390, 320];
const LONG = 'Nightly dealer-management-system inventory synchronisation for the Rotterdam and Antwerp yards';

describe('the keys pages at every width, for axe-core', () => {
  let server;
  let browser;
  let context;
  let page;

  before(async () => {
    server = await startServer(twoOrganisations([
      { org: 'acme', name: LONG, scopes: ['vehicles.read', 'vehicles.write'], expires: inDays(600), by: 'sam@importops.test' },
      { org: 'acme', name: 'Website inventory sync', scopes: ['vehicles.read'], expires: inDays(10), by: 'sam@importops.test' },
      { org: 'corner', name: 'Corner website', scopes: ['vehicles.read'], expires: inDays(90), by: 'sam@importops.test' },
    ]));
    browser = await launchBrowser();
    // bypassCSP: only so axe-core can be injected; the page itself runs under the server's policy elsewhere.
    context = await newContext(browser, server, { bypassCSP: true });
    page = await context.newPage();
    await page.goto('/sign-in');
    await signIn(page, 'ada@acme.test');
    await page.getByRole('link', { name: LONG }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name, p = page) {
    for (const width of WIDTHS) {
      await p.setViewportSize({ width, height: 900 });
      const { overflow, clipped } = await layoutProblems(p);
      assert.ok(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
      assert.deepEqual(clipped, [], `${name} at ${width}px cuts off buttons`);
      if (width === 1280 || width === 390) {
        assert.deepEqual(await axe(p), [], `axe-core on ${name} at ${width}px`);
        await screenshot(p, `layout-${name}-${width}`);
      }
    }
    await p.setViewportSize({ width: 1280, height: 900 });
  }

  it('the list, with its help open', async () => {
    await page.getByText('How API keys work').click();
    await check('list');
  });

  it('the New key dialog and its token panel', async () => {
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Layout test key');
    await check('new-key-dialog');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('dialog', { name: 'Key “Layout test key” created' }).waitFor();
    await check('token-panel');
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the revoke dialog', async () => {
    await page.getByRole('button', { name: 'Revoke Layout test key' }).click();
    await page.getByRole('dialog').waitFor();
    await check('revoke-dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the details page and its rotate dialog', async () => {
    await page.getByRole('link', { name: LONG }).click();
    await page.getByRole('heading', { name: LONG, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByText('Created').waitFor();
    await check('details');
    await page.getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('dialog').waitFor();
    await check('rotate-dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('offers only the expiries the key policy allows', async () => {
    await page.getByRole('link', { name: '← All API keys' }).click();
    await page.getByLabel('Maximum key lifetime').fill('100');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved: new keys last at most 100 days.').waitFor();
    await page.getByRole('button', { name: 'New key' }).click();
    const options = await page.getByRole('dialog').getByLabel('Expiry', { exact: true }).locator('option').allTextContents();
    assert.deepEqual(options, ['3 months', 'Custom date']);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByLabel('Maximum key lifetime').fill('');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved: keys may last up to two years.').waitFor();
  });

  it('links the help to the API reference, served by the binary', async () => {
    await page.getByText('How API keys work').click();
    const href = await page.getByRole('link', { name: 'API documentation' }).getAttribute('href');
    const res = await fetch(new URL(href, server.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain/);
    assert.match(await res.text(), /rotateApiKey/);
  });

  for (const [who, email, text] of [
    ['member', 'max@acme.test', 'Only admins can manage API keys.'],
    ['core-plan', 'cora@corner.test', 'Your keys are paused'],
  ]) {
    it(`the ${who} view`, async () => {
      const other = await newContext(browser, server, { bypassCSP: true });
      const p = await other.newPage();
      await p.goto('/sign-in');
      await signIn(p, email);
      await p.getByText(text).waitFor();
      await check(who, p);
      await other.close();
    });
  }

  it('closes a dialog whose request never answers, and says the outcome is unknown', async () => {
    await page.route('**/graphql', (route) => (route.request().postDataJSON()?.operationName === 'RevokeApiKey' ? undefined : route.continue()));
    await page.getByRole('button', { name: 'Revoke Layout test key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.getByRole('button', { name: 'Revoking…' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('alert').filter({ hasText: 'may or may not be revoked' }).waitFor();
    assert.deepEqual(await axe(page), [], 'axe-core on the unknown-outcome message');
    await screenshot(page, 'layout-unknown-outcome');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
});
