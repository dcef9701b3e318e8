// Runs the end-to-end tests (e2e/*.test.mjs) with node's test runner, one
// file at a time, against the importops binary named by IMPORTOPS_BIN. Each
// file starts its own server on a free port with its own SQLite database.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = process.env.IMPORTOPS_BIN;
if (!bin) {
  console.error('e2e: set IMPORTOPS_BIN to the built importops binary (go build -o bin/importops ./cmd/importops, after npm run build)');
  process.exit(2);
}
try {
  accessSync(bin, constants.X_OK);
} catch {
  console.error(`e2e: IMPORTOPS_BIN=${bin} is not an executable file`);
  process.exit(2);
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
try {
  accessSync(chromium, constants.X_OK);
} catch {
  console.error(`e2e: no Chromium at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(2);
}

const dir = fileURLToPath(new URL('../e2e/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => dir + f);

// IMPORTOPS_E2E_TAP=FILE also writes a TAP copy there, whose closing
// "# pass N" lines make test adds up; the terminal keeps node's default.
const reporters = [];
if (process.env.IMPORTOPS_E2E_TAP) {
  const shown = process.stdout.isTTY ? 'spec' : 'tap';
  reporters.push(`--test-reporter=${shown}`, '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${process.env.IMPORTOPS_E2E_TAP}`);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
