// Fails the build when the JS + CSS a browser downloads exceed the budget:
// measured on the precompressed copies the server sends (scripts/compress.mjs),
// gzip (every browser) and brotli (most) each on its own.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 150 * 1024; // bytes sent
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const totals = { gz: 0, br: 0 };
const rows = [];
let assets = 0;
for await (const path of files(dist)) {
  if (!/\.(m?js|css)$/.test(path)) continue;
  assets += 1;
  for (const ext of ['gz', 'br']) {
    const size = await stat(`${path}.${ext}`).then(
      (s) => s.size,
      () => {
        console.error(`check-bundle-size: ${path.slice(dist.length)}.${ext} is missing (scripts/compress.mjs runs before this check)`);
        process.exit(1);
      },
    );
    totals[ext] += size;
    rows.push([`${path.slice(dist.length)}.${ext}`, size]);
  }
}
if (assets === 0) {
  console.error('check-bundle-size: no .js or .css files in dist/ (run the build first)');
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${name}  ${kb(size)}`);
console.log(`bundle sent: ${kb(totals.gz)} gzip, ${kb(totals.br)} brotli, JS+CSS (budget ${kb(BUDGET)})`);
if (totals.gz > BUDGET || totals.br > BUDGET) {
  console.error(`check-bundle-size: over budget by ${kb(Math.max(totals.gz, totals.br) - BUDGET)}`);
  process.exit(1);
}
