// Stops `make` before npm ci when this Node is older than package.json's
// engines (">=MAJOR.MINOR"), with a sentence instead of npm's engine error
// or a build that fails later in a puzzling way.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const want = pkg.engines.node.replace(/^>=/, '');
const [a, b = 0] = want.split('.').map(Number);
const [x, y] = process.versions.node.split('.').map(Number);
if (x < a || (x === a && y < b)) {
  console.error(`Node ${want} or later is needed (frontend/package.json engines); this is Node ${process.versions.node}.`);
  process.exit(1);
}
