import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A plain clone is self-contained: nothing reads outside the repository (the reference cases and
 * data sets are committed under `fixtures/`, copied by `scripts/refresh-fixtures.mjs`), and the
 * copy is current whenever its source is present.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const refreshScript = join(root, 'scripts', 'refresh-fixtures.mjs');
const sharedDir = process.env.ASSAY_SHARED_DIR ?? join(root, '..', 'shared');

const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.next',
  '.turbo',
  '.git',
  '.tooling',
  'fixtures',
  '.assay-data',
  'generated',
  '__pycache__',
]);
const SOURCE_EXT = /\.(ts|tsx|mts|mjs|js|cjs|py|ipynb|sh|json|yaml|yml)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry) || entry.endsWith('.tsbuildinfo')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE_EXT.test(entry)) out.push(path);
  }
  return out;
}

describe('a plain clone is self-contained', () => {
  it('no source file reads the shared folder beside the repository (only the refresh script)', () => {
    const offenders = sourceFiles(root)
      .filter((path) => !path.endsWith(join('scripts', 'refresh-fixtures.mjs')))
      .filter((path) => !path.endsWith(join('test', 'self-contained.test.ts')))
      .filter((path) =>
        /(\.\.\/)+shared\/|\/work\/shared|'shared', '(golden|datasets)'/.test(
          readFileSync(path, 'utf8'),
        ),
      )
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('the committed fixtures hold the golden cases and data sets', () => {
    for (const name of ['classification.json', 'explain.json', 'text.json', 'README.md']) {
      expect(existsSync(join(root, 'fixtures', 'golden', name)), name).toBe(true);
    }
    for (const name of ['iris.csv', 'diabetes.csv', 'breast_cancer.csv']) {
      expect(existsSync(join(root, 'fixtures', 'datasets', name)), name).toBe(true);
    }
  });

  it.skipIf(!existsSync(sharedDir))(
    'fixtures/ equals its source (run scripts/refresh-fixtures.mjs)',
    () => {
      const check = spawnSync(process.execPath, [refreshScript, '--check'], { encoding: 'utf8' });
      expect(check.stdout.trim().split('\n').filter(Boolean)).toEqual([]);
      expect(check.status).toBe(0);
    },
  );
});
