#!/usr/bin/env node
// The README's two commands (`npm start`, `npm test`) land here. Needs only Node and npm: it
// installs the pnpm pinned in package.json's `packageManager` into .tooling/ (from the npm
// registry), puts it first on PATH, installs the workspace from the lockfile, then builds and
// runs or tests. Kept dependency-free on purpose: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const [pm, pinned] = String(pkg.packageManager).split('@');
if (pm !== 'pnpm' || !pinned) throw new Error('package.json packageManager must be pnpm@<version>');

const toolDir = join(root, '.tooling', `pnpm-${pinned}`);
const binDir = join(toolDir, 'node_modules', '.bin');
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  COREPACK_ENABLE_STRICT: '0',
};

function run(cmd, args, options = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function ensurePnpm() {
  if (existsSync(join(binDir, 'pnpm'))) return;
  run('npm', [
    'install',
    '--prefix',
    toolDir,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${pinned}`,
  ]);
}

/**
 * The benchmarks compare with scikit-learn and NLTK from Debian's packages (run by
 * /usr/bin/python3). Installs them when missing and this runs as root; otherwise says how.
 */
function ensureReferences() {
  const probe = () =>
    spawnSync('/usr/bin/python3', ['-c', 'import sklearn, nltk, numpy'], { stdio: 'ignore' })
      .status === 0;
  if (probe()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      'The benchmarks need Debian python3-sklearn and python3-nltk: sudo apt-get install -y python3-sklearn python3-nltk',
    );
    process.exit(1);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'python3-sklearn', 'python3-nltk'], {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const command = process.argv[2];
ensurePnpm();
run('pnpm', ['install', '--frozen-lockfile']);

switch (command) {
  case 'start':
    run('pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@assay/api...',
      '--filter=@assay/web...',
    ]);
    // In this process rather than a child: a signal sent to `npm start` then reaches the
    // launcher's handler, which stops the API and the portal (a blocked spawnSync parent would
    // die at once and leave them running).
    Object.assign(process.env, env);
    await import('./platform.mjs');
    break;
  case 'test':
    run('pnpm', ['exec', 'biome', 'ci', '.']);
    run('pnpm', ['exec', 'turbo', 'run', 'build', 'typecheck']);
    run('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue']);
    break;
  case 'bench':
    ensureReferences();
    run('pnpm', ['exec', 'turbo', 'run', 'build']);
    run('pnpm', ['--filter', '@assay/bench', 'run', 'bench', ...process.argv.slice(3)]);
    break;
  default:
    console.error('usage: node scripts/assay.mjs start|test|bench');
    process.exit(2);
}
