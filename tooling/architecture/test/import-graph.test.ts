import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles inside any package's or app's `src` (madge --circular, without the binary: a
 * walk of the relative imports of `src/**\/*.ts(x)`, type-only imports included, since a cycle of
 * types becomes a cycle of values the day someone adds one), and every `exports` subpath of every
 * package loads on its own, in a fresh process: a cycle that only breaks when one end is imported
 * first (as `@assay/core/stats` did) cannot hide behind another import.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function workspaceDirs(): string[] {
  return ['packages', 'apps', 'tooling']
    .flatMap((group) => readdirSync(join(root, group)).map((entry) => join(root, group, entry)))
    .filter((dir) => existsSync(join(dir, 'package.json')));
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'generated'].includes(entry.name)) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(dir);
  return files;
}

// Static imports and re-exports (`import … from`, `export … from`, `import '…'`) and dynamic ones.
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The file a relative specifier names (`./x.js` → `x.ts`, `x.tsx`, `x/index.ts`), if any. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const candidate of [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The import graph of `src`: file → the files it imports. */
export function importGraph(src: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(IMPORT_RE)) {
      const target = resolveRelative(file, match[1] as string);
      if (target?.startsWith(src)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Every cycle's files, one per strongly connected component of more than one file (or a self-import). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for our depth (files import tens of files, not thousands).
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return out;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(new Map([['a', ['b']]]))).toEqual([]);
  });

  const sources = workspaceDirs()
    .map((dir) => join(dir, 'src'))
    .filter((src) => existsSync(src));

  it('walks every package and app that has a src folder', () => {
    const names = sources.map((src) => relative(root, src));
    expect(names).toEqual(
      expect.arrayContaining(['packages/core/src', 'packages/registry/src', 'apps/api/src']),
    );
  });

  for (const src of sources) {
    it(`${relative(root, src)} has no import cycle`, () => {
      const cycles = cyclesOf(importGraph(src)).map((files) =>
        files.map((f) => relative(src, f)).join(' ↔ '),
      );
      expect(cycles).toEqual([]);
    });
  }
});

describe('package exports', () => {
  const packages = workspaceDirs()
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.exports !== undefined);
  const subpaths = packages.flatMap(({ dir, pkg }) =>
    (typeof pkg.exports === 'string' ? ['.'] : Object.keys(pkg.exports)).map((subpath) => ({
      dir,
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
    })),
  );

  it('are declared by core, registry and client', () => {
    expect(subpaths.map((s) => s.specifier)).toEqual(
      expect.arrayContaining(['@assay/core/stats', '@assay/registry', '@assay/client']),
    );
  });

  // Built first (`npm test` builds before testing). Each import in its own process, from its
  // package's folder (a package resolves its own name through its `exports`).
  for (const { dir, specifier } of subpaths) {
    it(`${specifier} loads alone in a fresh process`, () => {
      const code = `import(${JSON.stringify(specifier)}).then((m) => { if (Object.keys(m).length === 0) throw new Error('no exports'); })`;
      expect(() =>
        execFileSync(process.execPath, ['-e', code], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 60_000,
        }),
      ).not.toThrow();
    }, 60_000);
  }
});
