/**
 * Reading and matching the reference cases of `fixtures/golden` (relative to the repository
 * root; ASSAY_GOLDEN_DIR overrides), exactly as the golden README says. Shared by the metric and
 * explainer conformance tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export interface GoldenCase {
  id: string;
  metric: string;
  input: unknown;
  params?: unknown;
  expected?: Record<string, unknown>;
  expectError?: string;
  tolerance?: number;
  absTolerance?: number;
  note?: string;
}

export interface GoldenFile {
  family: string;
  reference: string;
  cases: GoldenCase[];
}

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}

export const goldenDir = process.env.ASSAY_GOLDEN_DIR
  ? resolve(process.env.ASSAY_GOLDEN_DIR)
  : resolve(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'fixtures', 'golden');

/** The golden files, by name (`explain.json`), sorted. */
export function goldenFileNames(): string[] {
  return readdirSync(goldenDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readGoldenFile(name: string): GoldenFile {
  return JSON.parse(readFileSync(join(goldenDir, name), 'utf8')) as GoldenFile;
}

/** In inputs, `null` inside an array stands for NaN (golden README). */
export function nullsToNaN(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === null ? Number.NaN : nullsToNaN(item)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, nullsToNaN(item)]));
  }
  return value;
}

/** Compares per the README: numbers within max(tol·|e|, absTol); null ⇒ NaN; arrays element-wise. */
export function assertMatches(
  actual: unknown,
  expected: unknown,
  path: string,
  tolerance: number,
  absTolerance: number,
): void {
  if (expected === null) {
    expect(Number.isNaN(actual), `${path}: expected NaN, got ${String(actual)}`).toBe(true);
  } else if (typeof expected === 'number') {
    expect(typeof actual, `${path}: expected a number`).toBe('number');
    const a = actual as number;
    const bound = Math.max(tolerance * Math.abs(expected), absTolerance);
    expect(
      Math.abs(a - expected) <= bound,
      `${path}: got ${a}, expected ${expected} (± ${bound})`,
    ).toBe(true);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path}: expected an array`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${path}: array length`).toBe(expected.length);
    expected.forEach((item, i) => {
      assertMatches(a[i], item, `${path}[${i}]`, tolerance, absTolerance);
    });
  } else if (typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', `${path}: expected an object`).toBe(true);
    const a = actual as Record<string, unknown>;
    for (const [key, item] of Object.entries(expected)) {
      expect(key in a, `${path}.${key} is missing`).toBe(true);
      assertMatches(a[key], item, `${path}.${key}`, tolerance, absTolerance);
    }
  } else {
    expect(actual, path).toBe(expected);
  }
}
