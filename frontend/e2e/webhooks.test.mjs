// The webhooks page against the real server: add one pointing at a
// receiver in this test, see its secret once, send a test that arrives
// signed, see the delivery, delete it. And a delete that never answers
// can still be cancelled.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { axeViolations } from './axe.mjs';
import { launchBrowser, newContext, screenshot, signIn, startServer } from './helpers.mjs';

/** A receiver that records every request. */
function receiver() {
  const requests = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${srv.address().port}/importops`, requests, close: () => srv.close() })));
}

describe('webhooks', () => {
  let server;
  let browser;
  let hook;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'importops-e2e-hooks-'));
    const keyFile = join(dir, 'webhook.key');
    await writeFile(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    server = await startServer({
      orgs: [{ slug: 'acme', name: 'Acme Imports', plan: 'pro' }],
      users: [{ org: 'acme', email: 'ada@acme.test', name: 'Ada Admin', role: 'admin' }],
      serveArgs: ['--allow-insecure-webhooks', '--webhook-key-file', keyFile],
    });
    browser = await launchBrowser();
    hook = await receiver();
  });

  after(async () => {
    hook?.close();
    await browser?.close();
    await server?.stop();
  });

  async function signedIn() {
    const context = await newContext(browser, server, { bypassCSP: true }); // for axe
    const page = await context.newPage();
    await page.goto('/settings/webhooks');
    await page.waitForURL('**/sign-in?next=*');
    await signIn(page, 'ada@acme.test');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    return { context, page };
  }

  it('adds a webhook, shows its secret once, sends a signed test, lists the delivery, deletes it', async () => {
    const { context, page } = await signedIn();
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByLabel('Endpoint URL').fill(hook.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const panel = page.getByRole('region', { name: 'Webhook added' });
    const secret = (await panel.locator('code.token').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
    await screenshot(page, '30-webhook-added');
    assert.deepEqual(await axeViolations(page), [], 'the secret panel');
    await panel.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone');

    await page.getByRole('button', { name: `Send test to ${hook.url}` }).click();
    const deliveries = page.getByRole('list', { name: `Deliveries to ${hook.url}` });
    await deliveries.getByText('webhook.test').waitFor();
    // The worker delivers it: poll the receiver, with a deadline.
    for (const deadline = Date.now() + 30_000; !hook.requests.length; ) {
      assert.ok(Date.now() < deadline, 'the test event reached the receiver');
      await new Promise((r) => setTimeout(r, 100));
    }
    const [{ headers, body }] = hook.requests;
    assert.equal(JSON.parse(body).type, 'webhook.test');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
    assert.ok(headers['webhook-signature'].split(' ').includes(`v1,${mac}`), 'signed with the secret shown');

    for (const deadline = Date.now() + 30_000; ; ) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      if ((await deliveries.getByText('Delivered').count()) > 0) break;
      assert.ok(Date.now() < deadline, 'the delivery shows as Delivered');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(await deliveries.getByRole('listitem').first().textContent(), /answered 204/);
    await screenshot(page, '31-webhook-delivered');
    assert.deepEqual(await axeViolations(page), [], 'a webhook with its deliveries');

    await page.getByRole('button', { name: `Delete ${hook.url}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await confirm.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the delete dialog');
    await confirm.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('list', { name: 'Audit log' }).getByText('Deleted webhook').waitFor();
    await context.close();
  });

  it('closes a delete dialog whose request never answers, then checks the list', async () => {
    const { context, page } = await signedIn();
    const fake = { id: 'w1', url: 'https://hooks.acme.test/importops', events: [], createdAt: new Date().toISOString(), deliveries: { totalCount: 0, edges: [] } };
    let lists = 0;
    await page.route('**/graphql', async (route) => {
      const op = route.request().postDataJSON()?.operationName;
      if (op === 'Webhooks') {
        lists += 1;
        return route.fulfill({ json: { data: { webhooks: [fake] } } });
      }
      if (op === 'DeleteWebhook') return; // never answers
      return route.fallback();
    });
    await page.reload();
    await page.getByRole('button', { name: `Delete ${fake.url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await dialog.getByRole('button', { name: 'Deleting…' }).waitFor();
    await screenshot(page, '32-delete-hanging');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    for (const deadline = Date.now() + 10_000; lists < 2; ) {
      assert.ok(Date.now() < deadline, 'the list is checked again after cancelling');
      await new Promise((r) => setTimeout(r, 50));
    }
    await context.close();
  });
});
