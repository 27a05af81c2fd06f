#!/usr/bin/env node
// Copies the reference cases and data sets the tests use from the workplace's shared folder
// (`../shared` beside the repository, or ASSAY_SHARED_DIR) into `fixtures/`, so that a plain clone
// is self-contained. Run it when the shared copy changes; `fixtures.test.ts` in
// tooling/architecture fails while the committed copy differs from a source that is present.
//
//   node scripts/refresh-fixtures.mjs           copy (add, replace, remove stale files)
//   node scripts/refresh-fixtures.mjs --check   only report differences (exit 1 when stale)
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The folders copied, each with the file names it keeps. */
export const FIXTURE_SETS = ['golden', 'datasets'];

export function sharedDir() {
  return resolve(process.env.ASSAY_SHARED_DIR ?? join(root, '..', 'shared'));
}

/** Differences between the shared source and `fixtures/`, as human-readable lines. */
export function staleFixtures(source = sharedDir()) {
  const out = [];
  for (const set of FIXTURE_SETS) {
    const from = join(source, set);
    const to = join(root, 'fixtures', set);
    const wanted = existsSync(from) ? readdirSync(from).sort() : [];
    const have = existsSync(to) ? readdirSync(to).sort() : [];
    for (const name of wanted) {
      if (!have.includes(name)) out.push(`fixtures/${set}/${name}: missing`);
      else if (!readFileSync(join(from, name)).equals(readFileSync(join(to, name))))
        out.push(`fixtures/${set}/${name}: differs from ${join(from, name)}`);
    }
    for (const name of have) {
      if (!wanted.includes(name)) out.push(`fixtures/${set}/${name}: not in ${from}`);
    }
  }
  return out;
}

function refresh(source) {
  for (const set of FIXTURE_SETS) {
    const from = join(source, set);
    const to = join(root, 'fixtures', set);
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      copyFileSync(join(from, name), join(to, name));
      // The source is read-only; the repository's copy is not.
      chmodSync(join(to, name), 0o644);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = sharedDir();
  if (!existsSync(source)) {
    console.error(`no shared folder at ${source} (set ASSAY_SHARED_DIR)`);
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    const stale = staleFixtures(source);
    for (const line of stale) console.log(line);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  refresh(source);
  console.log(`fixtures/ refreshed from ${source}`);
}
