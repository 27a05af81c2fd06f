/**
 * Conformance: every case of `../shared/golden/explain.json` runs through `explain(method, input,
 * params)` with the golden README's matching rules (|a − e| ≤ max(tol·|e|, absTol = 1e-12),
 * arrays element-wise and of equal length, `expectError` ⇒ InvalidInputError). The expected
 * values come from shap 0.46.0 and scikit-learn 1.2.1, never from this code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors/index.js';
import { explain, listExplainers } from '../src/explain/index.js';

interface GoldenCase {
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

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = process.env.ASSAY_GOLDEN_DIR
  ? resolve(process.env.ASSAY_GOLDEN_DIR)
  : resolve(findRepoRoot(here), '..', 'shared', 'golden');
const golden = JSON.parse(readFileSync(join(goldenDir, 'explain.json'), 'utf8')) as {
  reference: string;
  cases: GoldenCase[];
};

function nullsToNaN(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? Number.NaN : nullsToNaN(v)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullsToNaN(v)]));
  }
  return value;
}

function assertMatches(
  actual: unknown,
  expected: unknown,
  path: string,
  tol: number,
  absTol: number,
): void {
  if (expected === null) {
    expect(Number.isNaN(actual), `${path}: expected NaN, got ${String(actual)}`).toBe(true);
  } else if (typeof expected === 'number') {
    expect(typeof actual, `${path}: expected a number`).toBe('number');
    const a = actual as number;
    const bound = Math.max(tol * Math.abs(expected), absTol);
    expect(
      Math.abs(a - expected) <= bound,
      `${path}: got ${a}, expected ${expected} (± ${bound})`,
    ).toBe(true);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path}: expected an array`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${path}: array length`).toBe(expected.length);
    expected.forEach((item, i) => {
      assertMatches(a[i], item, `${path}[${i}]`, tol, absTol);
    });
  } else if (typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    for (const [key, item] of Object.entries(expected)) {
      expect(key in a, `${path}.${key} is missing`).toBe(true);
      assertMatches(a[key], item, `${path}.${key}`, tol, absTol);
    }
  } else {
    expect(actual, path).toBe(expected);
  }
}

describe('golden explain coverage', () => {
  it('every golden explain method is a registered explainer', () => {
    const names = new Set(listExplainers().map((e) => e.name));
    expect(
      [...new Set(golden.cases.map((c) => c.metric))].filter((m) => !names.has(m as never)),
    ).toEqual([]);
  });
});

describe(`golden explain (${golden.reference})`, () => {
  for (const c of golden.cases) {
    it(`${c.id}: ${c.metric} ${c.note ?? ''}`, async () => {
      const input = nullsToNaN(c.input);
      if (c.expectError !== undefined) {
        await expect(
          explain(c.metric, input, c.params ?? {}),
          c.expectError,
        ).rejects.toBeInstanceOf(InvalidInputError);
        return;
      }
      const result = await explain(c.metric, input, c.params ?? {});
      assertMatches(result, c.expected, 'result', c.tolerance ?? 1e-9, c.absTolerance ?? 1e-12);
    });
  }
});
