// The whole life of a key, as an admin lives it: sign in, create, copy, use,
// reload, revoke, and read the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, launchBrowser, newContext, screenshot, signIn, startServer } from './helpers.mjs';

const VEHICLES = '{ vehicles(first: 5) { totalCount } }';

describe('an admin manages API keys', () => {
  let server;
  let browser;
  let context;
  let page;
  let token;

  before(async () => {
    server = await startServer({
      orgs: [{ slug: 'acme', name: 'Acme Imports', plan: 'pro' }],
      users: [{ org: 'acme', email: 'ada@acme.test', name: 'Ada Admin', role: 'admin' }],
    });
    browser = await launchBrowser();
    context = await newContext(browser, server);
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    const stopped = await server?.stop();
    if (stopped) assert.deepEqual(stopped, { code: 0, signal: null }, 'importops serve exits 0 on SIGTERM');
  });

  it('signs in and returns to the page asked for', async () => {
    await page.goto('/settings/audit-log');
    await page.waitForURL('**/sign-in?next=%2Fsettings%2Faudit-log');
    await page.getByRole('heading', { name: 'Sign in to ImportOps' }).waitFor();
    await screenshot(page, '01-sign-in');

    await signIn(page, 'ada@acme.test', 'not the password');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /\S/);
    await screenshot(page, '02-sign-in-failed');

    await signIn(page, 'ada@acme.test');
    await page.waitForURL('**/settings/audit-log');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.goto('/');
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByText('No active keys').waitFor();
    assert.ok(await page.getByText('Acme Imports').isVisible());
    assert.ok(await page.getByText('Ada Admin').isVisible());
    await screenshot(page, '03-api-keys-empty');
  });

  async function createKey(name, { copy = true } = {}) {
    await page.getByRole('button', { name: 'New key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Expiry', { exact: true }).selectOption({ label: '6 months' });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const done = page.getByRole('dialog', { name: `Key “${name}” created` });
    const value = (await done.locator('code.token').textContent()).trim();
    if (copy) await done.getByRole('button', { name: 'Copy key' }).click();
    return { done, value };
  }

  it('creates a key in the dialog and shows its token once, with snippets', async () => {
    const { done, value } = await createKey('Website inventory sync', { copy: false });
    token = value;
    assert.match(token, /^iops_[0-9A-Za-z]{38}$/);
    assert.ok(await done.getByText(/only time it is shown/i).isVisible());
    assert.ok(await done.getByText(`export IMPORTOPS_API_KEY=${token}`).isVisible());
    assert.match(await done.locator('.snippet-text').nth(1).textContent(), new RegExp(`curl -s "${server.url}/graphql" -H "Authorization: Bearer ${token}"`));
    await screenshot(page, '04-key-created');

    const row = page.getByRole('row').filter({ hasText: 'Website inventory sync' });
    assert.ok((await row.textContent()).includes(token.slice(0, 12)), 'the row shows the key prefix');
    assert.ok((await row.textContent()).includes('Never'), 'a new key was never used');
  });

  it('copies the token, and only then closes without asking', async () => {
    const done = page.getByRole('dialog');
    let asked = 0;
    const onDialog = (d) => {
      asked += 1;
      d.dismiss();
    };
    page.on('dialog', onDialog);
    await done.getByRole('button', { name: 'Done' }).click();
    assert.equal(asked, 1, 'closing an uncopied token asks first');
    assert.ok(await done.isVisible(), 'and stays open when the answer is no');

    await done.getByRole('button', { name: 'Copy key' }).click();
    await done.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });
    page.off('dialog', onDialog);
    assert.equal(asked, 1);
  });

  it('lets an integration use the copied token', async () => {
    const res = await bearer(server, token, VEHICLES);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(typeof res.body.data.vehicles.totalCount, 'number');
  });

  it('never shows the token again after a reload', async () => {
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!storage.includes(token), 'the token is not in web storage');
    await page.reload();
    await page.getByRole('row').filter({ hasText: 'Website inventory sync' }).waitFor();
    assert.ok(!(await page.content()).includes(token), 'the token is gone from the page');
    await screenshot(page, '05-api-keys-list');
  });

  it('finds a key by the prefix from a log', async () => {
    const { done } = await createKey('Temporary test key');
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: 'Temporary test key' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill(token.slice(0, 12));
    await page.getByRole('radio', { name: 'Active (1)' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Temporary test key' }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('tbody tr').count(), 1);
    await screenshot(page, '06-search-by-prefix');
  });

  let oldKeyUrl;
  it('opens the key’s details', async () => {
    await page.getByRole('link', { name: 'Website inventory sync' }).click();
    await page.waitForURL('**/settings/api-keys/*');
    oldKeyUrl = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Website inventory sync', level: 1 }).waitFor();
    const facts = page.getByRole('region', { name: 'Details' });
    assert.match(await facts.textContent(), new RegExp(`${token.slice(0, 12)}…`));
    assert.match(await facts.textContent(), /by Ada Admin/);
    await page.getByRole('region', { name: 'Requests, last 30 days' }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByText('Created key').waitFor();
    await screenshot(page, '07-key-details');
  });

  let newToken;
  it('rotates with an overlap: both tokens work until it ends', async () => {
    await page.getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate “Website inventory sync”' });
    await dialog.getByRole('radio', { name: /1 day/ }).check();
    await screenshot(page, '08-rotate-dialog');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    const done = page.getByRole('dialog', { name: 'Key “Website inventory sync” rotated' });
    newToken = (await done.locator('code.token').textContent()).trim();
    assert.notEqual(newToken, token);
    assert.match(await done.textContent(), /keeps working until/);
    await done.getByRole('button', { name: 'Copy key' }).click();
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });

    for (const [which, t] of [['old', token], ['new', newToken]]) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t}`, 'User-Agent': `e2e-${which}-integration/1.0` },
        body: JSON.stringify({ query: VEHICLES }),
      });
      assert.equal(res.status, 200, `the ${which} token works during the overlap`);
    }
    await page.getByText('Rotating').first().waitFor();
    await page.getByRole('link', { name: /Website inventory sync iops_/ }).first().waitFor();
  });

  it('shows the old key’s last use, and the two keys link to each other', async () => {
    // Uses are written within a minute (30 s): reload until it shows.
    const deadline = Date.now() + 90_000;
    for (;;) {
      await page.goto(oldKeyUrl);
      await page.getByRole('heading', { name: 'Website inventory sync', level: 1 }).waitFor();
      if ((await page.getByRole('region', { name: 'Details' }).textContent()).includes('e2e-old-integration/1.0')) break;
      assert.ok(Date.now() < deadline, 'the old key’s last use shows within 90 s');
      await page.waitForTimeout(2000);
    }
    assert.match(await page.locator('.rotation').textContent(), /Replaced by.*This key was last used/s);
    await screenshot(page, '09-old-key-last-used');
    await page.locator('.rotation').getByRole('link').click();
    await page.waitForURL((u) => u.pathname !== oldKeyUrl);
    await page.getByRole('heading', { name: 'Website inventory sync', level: 1 }).waitFor();
    assert.match(await page.locator('.rotation').textContent(), /Replaces/);
  });

  it('revokes a key from the list, and focus returns to its row', async () => {
    await page.getByRole('link', { name: '← All API keys' }).click();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill(newToken.slice(0, 12));
    const row = page.getByRole('row').filter({ hasText: newToken.slice(0, 12) });
    await row.waitFor();
    await page.getByRole('radio', { name: 'Active (1)' }).waitFor();
    await row.getByRole('button', { name: 'Revoke Website inventory sync' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, '10-revoke-dialog');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Revoke Website inventory sync');
    assert.equal((await bearer(server, newToken, VEHICLES)).status, 200);

    await row.getByRole('button', { name: 'Revoke Website inventory sync' }).press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(/^By Ada Admin,/).waitFor();
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, inRow: !!document.activeElement?.closest('tr') }));
    assert.deepEqual(focused, { text: 'Website inventory sync', inRow: true });
    await screenshot(page, '10b-key-revoked');

    const res = await bearer(server, newToken, VEHICLES);
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('');
  });

  it('shows creation and revocation in the audit log with the admin’s name', async () => {
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL('**/settings/audit-log');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.getByRole('list', { name: 'Audit log' }).getByRole('listitem');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    const created = texts.filter((t) => t.includes(token.slice(0, 12)) && t.includes('Created key'));
    const revoked = texts.filter((t) => t.includes(newToken.slice(0, 12)) && t.includes('Revoked key'));
    assert.equal(created.length, 1, texts.join('\n'));
    assert.equal(revoked.length, 1, texts.join('\n'));
    assert.ok(created[0].includes('Ada Admin') && revoked[0].includes('Ada Admin'));
    assert.ok(texts.indexOf(revoked[0]) < texts.indexOf(created[0]), 'newest first');
    await screenshot(page, '20-audit-log');
  });

  it('fits a phone’s screen', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/settings/api-keys');
    await phone.getByRole('row').filter({ hasText: 'Website inventory sync' }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await screenshot(phone, '21-api-keys-phone');
    await phone.goto('/settings/audit-log');
    await phone.getByRole('list', { name: 'Audit log' }).getByRole('listitem').first().waitFor();
    await screenshot(phone, '22-audit-log-phone');
    await phone.close();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/settings/api-keys');
    await page.waitForURL('**/sign-in?next=%2Fsettings%2Fapi-keys');
  });
});
