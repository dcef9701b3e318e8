// Fails the build when the shipped JS + CSS exceed the budget, gzipped.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 150 * 1024; // bytes, gzipped
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let total = 0;
const rows = [];
for await (const path of files(dist)) {
  if (!/\.(m?js|css)$/.test(path)) continue;
  const size = gzipSync(await readFile(path), { level: 9 }).length;
  total += size;
  rows.push([path.slice(dist.length), size]);
}
if (rows.length === 0) {
  console.error('check-bundle-size: no .js or .css files in dist/ (run the build first)');
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${name}  ${kb(size)} gzipped`);
console.log(`bundle: ${kb(total)} gzipped JS+CSS (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`check-bundle-size: over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
