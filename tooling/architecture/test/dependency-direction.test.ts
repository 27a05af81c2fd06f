import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of ARCHITECTURE.md, checked on every package.json and every import:
 * core depends on nothing of ours and does no I/O; registry depends on core at most; apps depend
 * on packages; nothing imports an app except the end-to-end harness; only the registry touches
 * Prisma; nobody reaches into another package's files.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Workspace {
  name: string;
  dir: string;
  deps: string[];
}

function workspaces(): Workspace[] {
  const out: Workspace[] = [];
  const dirs = ['packages', 'apps', 'tooling'].flatMap((group) =>
    readdirSync(join(root, group)).map((entry) => join(root, group, entry)),
  );
  for (const dir of [...dirs, join(root, 'bench')]) {
    const pkgPath = join(dir, 'package.json');
    try {
      statSync(pkgPath);
    } catch {
      continue;
    }
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    out.push({
      name: pkg.name,
      dir,
      deps: Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies }),
    });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.next', 'generated', '.turbo'].includes(entry.name)) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        files.push(p);
    }
  };
  walk(dir);
  return files;
}

const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT_RE)].map((m) => m[1] as string);
}

const ALLOWED_INTERNAL: Record<string, string[]> = {
  '@assay/core': [],
  '@assay/registry': ['@assay/core'],
  // @assay/openapi-check only in tests (a devDependency): it checks answers against the document.
  '@assay/api': ['@assay/core', '@assay/registry', '@assay/openapi-check'],
  '@assay/client': [],
  '@assay/web': ['@assay/core', '@assay/client'],
  // @assay/core as a reference only: the AutoML walk compares the API's leaderboard and predictions
  // with the core's own run on the same data (as bench/ does). @assay/registry for its test
  // support only (fresh embedded databases copied from a migrated one).
  '@assay/e2e': [
    '@assay/api',
    '@assay/web',
    '@assay/openapi-check',
    '@assay/core',
    '@assay/registry',
  ],
  '@assay/openapi-check': [],
  '@assay/infra-check': [],
  '@assay/architecture': [],
  '@assay/tsconfig': [],
  '@assay/bench': ['@assay/core', '@assay/registry', '@assay/api'],
};

const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'cluster',
];

describe('dependency direction', () => {
  const all = workspaces();

  it('finds the workspaces it checks', () => {
    expect(all.map((w) => w.name).sort()).toEqual(
      expect.arrayContaining(Object.keys(ALLOWED_INTERNAL)),
    );
  });

  for (const ws of all) {
    it(`${ws.name} depends only on the internal packages it may`, () => {
      const allowed = ALLOWED_INTERNAL[ws.name];
      expect(allowed, `${ws.name} has no rule in ALLOWED_INTERNAL`).toBeDefined();
      const internal = ws.deps.filter((d) => d.startsWith('@assay/') && d !== '@assay/tsconfig');
      expect(internal.filter((d) => !allowed?.includes(d))).toEqual([]);
    });

    it(`${ws.name} imports no package it may not, and no other package's files`, () => {
      const bad: string[] = [];
      for (const file of sourceFiles(ws.dir)) {
        const rel = relative(root, file);
        for (const spec of importsOf(file)) {
          const internal = spec.match(/^(@assay\/[^/]+)(\/.*)?$/);
          if (internal) {
            const [, name, sub] = internal;
            if (name !== ws.name && !ALLOWED_INTERNAL[ws.name]?.includes(name as string))
              bad.push(`${rel}: imports ${spec}`);
            if (sub && /\/(src|dist)\//.test(`${sub}/`)) bad.push(`${rel}: deep import ${spec}`);
          }
          if (/^\.\.?\//.test(spec)) {
            const target = join(dirname(file), spec);
            if (!target.startsWith(ws.dir))
              bad.push(`${rel}: reaches outside its package: ${spec}`);
          }
          if (
            (spec === '@prisma/client' || spec.startsWith('@prisma/')) &&
            ws.name !== '@assay/registry'
          )
            bad.push(`${rel}: imports ${spec}; only @assay/registry may use Prisma`);
          const isTest = /(__tests__|\.test\.tsx?$)/.test(file);
          if (ws.name === '@assay/core' && file.startsWith(join(ws.dir, 'src')) && !isTest) {
            const mod = spec.replace(/^node:/, '');
            if (IO_MODULES.includes(mod)) bad.push(`${rel}: core does no I/O but imports ${spec}`);
          }
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
