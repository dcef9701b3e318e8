// Shared machinery for the end-to-end tests: a real `importops serve` with
// data set up through its command line, and a real headless Chromium driven
// by playwright-core.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BIN = process.env.IMPORTOPS_BIN;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const PASSWORD = 'correct horse battery staple';

function run(args, stdin) {
  return new Promise((resolve, reject) => {
    const child = execFile(BIN, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`importops ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin.end(stdin ?? '');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// inDays is the date n days from today, as the command line's --expires
// takes it (YYYY-MM-DD).
export const inDays = (n) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);

// twoOrganisations is startServer's seed for the access and layout tests:
// Acme Imports on Pro (an admin and a member), Corner Motors moved to Core
// after issuing a key (its admin), support's Sam, and keys.
export function twoOrganisations(keys) {
  return {
    orgs: [
      { slug: 'acme', name: 'Acme Imports', plan: 'pro' },
      { slug: 'corner', name: 'Corner Motors', plan: 'pro' },
    ],
    users: [
      { org: 'acme', email: 'ada@acme.test', name: 'Ada Admin', role: 'admin' },
      { org: 'acme', email: 'max@acme.test', name: 'Max Member', role: 'member' },
      { org: 'corner', email: 'cora@corner.test', name: 'Cora Core', role: 'admin' },
    ],
    staff: [{ email: 'sam@importops.test', name: 'Sam Support' }],
    keys,
    plans: [{ org: 'corner', plan: 'core' }],
  };
}

/**
 * Starts `importops serve` on a free port with a fresh SQLite database in a
 * temp dir, after creating the given organisations and users with the
 * command line; serveArgs are added to `serve`. Returns { url, stop };
 * stop() sends SIGTERM and waits.
 */
export async function startServer({ orgs = [], users = [], staff = [], keys = [], plans = [], serveArgs = [] } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'importops-e2e-'));
  const db = `sqlite:${join(dir, 'e2e.db')}`;
  for (const o of orgs) await run(['org', 'create', '--db', db, '--slug', o.slug, '--name', o.name, '--plan', o.plan]);
  for (const u of users) {
    await run(
      ['user', 'create', '--db', db, '--org', u.org, '--email', u.email, '--name', u.name, '--role', u.role, '--password-stdin'],
      `${u.password ?? PASSWORD}\n`,
    );
  }

  for (const s of staff) await run(['user', 'create', '--db', db, '--staff', '--email', s.email, '--name', s.name]);
  for (const k of keys) {
    const scopes = k.scopes.flatMap((sc) => ['--scope', sc]);
    await run(['key', 'issue', '--db', db, '--org', k.org, '--name', k.name, ...scopes, '--expires', k.expires, '--by', k.by]);
  }
  // Plan changes come last, so an organisation can hold keys and then lose API access.
  for (const p of plans) await run(['org', 'set-plan', '--db', db, '--org', p.org, '--plan', p.plan]);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(dir, 'serve.log');
  const { createWriteStream } = await import('node:fs');
  const log = createWriteStream(logPath);
  const child = spawn(BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--db', db, ...serveArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 200))]);
    if (state) throw new Error(`importops serve exited early (${JSON.stringify(state)}):\n${await readFile(logPath, 'utf8')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`importops serve did not answer /healthz within 30s:\n${await readFile(logPath, 'utf8')}`);
    }
  }

  return {
    url,
    logPath,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = new Promise((r) => setTimeout(() => r('timeout'), 15_000));
      const result = await Promise.race([exited, timeout]);
      if (result === 'timeout') child.kill('SIGKILL');
      log.end();
      await rm(dir, { recursive: true, force: true });
      return result;
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A new browser context on the server, with clipboard access granted. */
export async function newContext(browser, server, options = {}) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  // A guard against hangs, not a timing assertion: generous, so a loaded
  // CI machine does not fail a correct page.
  context.setDefaultTimeout(30_000);
  return context;
}

export async function signIn(page, email, password = PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** POSTs a GraphQL query with an API key, like an integration would. */
export async function bearer(server, token, query) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const AXE = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));

/** Runs axe-core in the page (WCAG 2.x A and AA) and returns its violations, summarised. */
export async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  return violations;
}

/** Asserts-ready facts about layout: how far the page scrolls sideways, and
 * the visible buttons and links that stick out of the viewport. */
export async function layoutProblems(page) {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    const clipped = [...document.querySelectorAll('button, a.button, [role="button"]')]
      .filter((el) => el.checkVisibility?.() ?? true)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.left < 0 || r.right > window.innerWidth + 0.5))
      .map(({ el, r }) => `${el.getAttribute('aria-label') ?? el.textContent.trim()} (${Math.round(r.left)}–${Math.round(r.right)})`);
    return { overflow, clipped };
  });
}
