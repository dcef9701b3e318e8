// axe-core in the page under test, from node_modules. The page's CSP
// (rightly) refuses injected scripts: contexts that use this need
// bypassCSP: true.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The page's axe-core violations, one readable line each ("" when none). */
export async function axeViolations(page) {
  await page.evaluate(source);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
