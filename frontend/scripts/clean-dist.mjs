// Empties dist/ before a build but keeps dist/.gitkeep: the Go binary embeds
// dist/ with `all:dist`, and the committed .gitkeep lets a fresh clone compile.
import { readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
let entries = [];
try {
  entries = await readdir(dist);
} catch (e) {
  if (e.code !== 'ENOENT') throw e;
}
await Promise.all(entries.filter((n) => n !== '.gitkeep').map((n) => rm(dist + n, { recursive: true, force: true })));
