/**
 * Conformance: every case of `../shared/golden/*.json` (relative to the repository root; override
 * with ASSAY_GOLDEN_DIR) runs through `computeMetric` exactly as the golden README says. Expected
 * values come from the reference implementations (scikit-learn, SciPy, sacrebleu…), never from
 * this code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeMetric, InvalidInputError, listMetrics } from '../src/index.js';

/**
 * Golden metrics that are not registered yet. Their cases do not run, so this list must shrink as
 * metrics land: the test below fails when a golden metric is in neither list or in both.
 */
const PENDING_METRICS: string[] = [];

/** Golden files run by their own conformance test (explain.json: test/golden-explain.test.ts). */
const OWN_TEST_FILES = ['explain.json'];

/**
 * Registered metrics that the public golden files have no case for. Each is tested in its own
 * `__tests__` against values computed by the reference (scikit-learn for the curves, the NumPy
 * definition otherwise), with the command quoted beside each value. A metric leaves this list as
 * soon as golden cases for it appear: the test below fails otherwise.
 */
const NO_GOLDEN_CASES = [
  'rocCurve', // src/metrics/classification/__tests__/curves.test.ts (sklearn roc_curve)
  'precisionRecallCurve', // same file (sklearn precision_recall_curve)
  'calibrationCurve', // same file (sklearn calibration_curve)
  'automationRiskCurve', // src/metrics/hitl/__tests__/automationRiskCurve.test.ts
  'categoryCoverage', // src/metrics/bias/__tests__/categoryCoverage.test.ts
  'bootstrap', // src/stats/__tests__/bootstrap.test.ts
];

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

interface GoldenFile {
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

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = process.env.ASSAY_GOLDEN_DIR
  ? resolve(process.env.ASSAY_GOLDEN_DIR)
  : resolve(findRepoRoot(here), '..', 'shared', 'golden');

const files: GoldenFile[] = readdirSync(goldenDir)
  .filter((name) => name.endsWith('.json') && !OWN_TEST_FILES.includes(name))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(goldenDir, name), 'utf8')) as GoldenFile);

/** In inputs, `null` inside an array stands for NaN (golden README). */
function nullsToNaN(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === null ? Number.NaN : nullsToNaN(item)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, nullsToNaN(item)]));
  }
  return value;
}

/** Compares per the README: numbers within max(tol·|e|, absTol); null ⇒ NaN; arrays element-wise. */
function assertMatches(
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

const registered = new Set(listMetrics().map((metric) => metric.name));
const pending = new Set(PENDING_METRICS);
const goldenMetrics = new Set(files.flatMap((file) => file.cases.map((c) => c.metric)));

describe('golden metric coverage', () => {
  it('every golden metric is either registered or pending, never both', () => {
    const inBoth = [...registered].filter((name) => pending.has(name));
    const inNeither = [...goldenMetrics].filter(
      (name) => !registered.has(name) && !pending.has(name),
    );
    const pendingUnknown = [...pending].filter((name) => !goldenMetrics.has(name));
    expect({ inBoth, inNeither, pendingUnknown }).toEqual({
      inBoth: [],
      inNeither: [],
      pendingUnknown: [],
    });
  });

  it('every registered metric has golden cases, or is listed in NO_GOLDEN_CASES', () => {
    const noGolden = new Set(NO_GOLDEN_CASES);
    const unlisted = [...registered].filter((n) => !goldenMetrics.has(n) && !noGolden.has(n));
    const listedButGolden = NO_GOLDEN_CASES.filter((n) => goldenMetrics.has(n));
    const listedButUnregistered = NO_GOLDEN_CASES.filter((n) => !registered.has(n));
    expect({ unlisted, listedButGolden, listedButUnregistered }).toEqual({
      unlisted: [],
      listedButGolden: [],
      listedButUnregistered: [],
    });
  });
});

for (const file of files) {
  const cases = file.cases.filter((c) => registered.has(c.metric));
  if (cases.length === 0) continue;
  describe(`golden ${file.family} (${file.reference})`, () => {
    for (const c of cases) {
      it(`${c.id}: ${c.metric} ${c.note ?? ''}`, () => {
        const input = nullsToNaN(c.input);
        const params = c.params ?? {};
        if (c.expectError !== undefined) {
          let thrown: unknown;
          try {
            computeMetric(c.metric, input, params);
          } catch (error) {
            thrown = error;
          }
          expect(thrown, `expected InvalidInputError (${c.expectError})`).toBeInstanceOf(
            InvalidInputError,
          );
          return;
        }
        const result = computeMetric(c.metric, input, params);
        assertMatches(result, c.expected, 'result', c.tolerance ?? 1e-9, c.absTolerance ?? 1e-12);
      });
    }
  });
}
