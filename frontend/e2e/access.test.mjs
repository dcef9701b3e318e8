// Who sees what: members, admins on the Core plan, keys issued by support,
// and addresses that lead nowhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inDays, launchBrowser, newContext, screenshot, signIn, startServer, twoOrganisations } from './helpers.mjs';

describe('access to the settings', () => {
  let server;
  let browser;

  before(async () => {
    // Corner Motors had Pro, issued a key, then moved to Core.
    server = await startServer(twoOrganisations([
      { org: 'acme', name: 'ERP sync', scopes: ['vehicles.read', 'vehicles.write'], expires: inDays(60), by: 'sam@importops.test' },
      { org: 'corner', name: 'Corner website', scopes: ['vehicles.read'], expires: inDays(90), by: 'sam@importops.test' },
    ]));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(email) {
    const context = await newContext(browser, server);
    const page = await context.newPage();
    await page.goto('/settings/api-keys');
    await page.waitForURL('**/sign-in?next=*');
    await signIn(page, email);
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    return { context, page };
  }

  it('tells a member that only admins manage keys', async () => {
    const { context, page } = await signedIn('max@acme.test');
    await page.getByText('Only admins can manage API keys.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'New key' }).count(), 0, 'no New key');
    assert.equal(await page.getByRole('table').count(), 0, 'no table');
    await screenshot(page, '11-member-api-keys');

    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('Only admins can view the audit log.').waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    await context.close();
  });

  it('shows a Core-plan admin the plan first, and its keys Paused', async () => {
    const { context, page } = await signedIn('cora@corner.test');
    await page.getByText('Your keys are paused: API access is part of the Pro plan.').waitFor();
    assert.ok(await page.getByRole('button', { name: 'New key' }).isDisabled());
    const row = page.getByRole('row').filter({ hasText: 'Corner website' });
    await row.getByText('Paused').waitFor();
    assert.match(await row.textContent(), /Your plan does not include API access/);
    const [notice, table] = await Promise.all([page.getByText(/Your keys are paused/).boundingBox(), page.getByRole('table').boundingBox()]);
    assert.ok(notice.y < table.y, 'the plan is explained before the keys');
    await screenshot(page, '12-core-plan-admin');
    await context.close();
  });

  it('lists keys issued by support with their scopes', async () => {
    const { context, page } = await signedIn('ada@acme.test');
    const row = page.getByRole('row').filter({ hasText: 'ERP sync' });
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /Issued by ImportOps support/);
    assert.match(text, /vehicles\.read/);
    assert.match(text, /vehicles\.write/);

    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    const entry = page.getByRole('list', { name: 'Audit log' }).getByRole('listitem').filter({ hasText: 'ERP sync' });
    await entry.waitFor();
    // Support staff are "ImportOps support" to the organisation, not a name it does not know.
    assert.match(await entry.textContent(), /Created key.*ERP sync.*by ImportOps support/);
    assert.doesNotMatch(await entry.textContent(), /Sam Support/);
    await context.close();
  });

  it('shows Page not found for unknown paths, with a way back', async () => {
    const context = await newContext(browser, server);
    const page = await context.newPage();
    const res = await page.goto('/settings/no-such-page');
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await screenshot(page, '13-not-found');
    await page.getByRole('link', { name: 'Back to settings' }).click();
    await page.waitForURL('**/sign-in?next=%2Fsettings%2Fapi-keys');
    await context.close();
  });
});
