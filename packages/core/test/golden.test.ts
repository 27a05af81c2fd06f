/**
 * Conformance: every case of `fixtures/golden/*.json` (relative to the repository root; override
 * with ASSAY_GOLDEN_DIR) runs through `computeMetric` exactly as the golden README says. Expected
 * values come from the reference implementations (scikit-learn, SciPy, sacrebleu…), never from
 * this code.
 */
import { describe, expect, it } from 'vitest';
import { computeMetric, InvalidInputError, listMetrics } from '../src/index.js';
import {
  assertMatches,
  type GoldenFile,
  goldenFileNames,
  nullsToNaN,
  readGoldenFile,
} from './support/golden.js';

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
  'mcnemar', // src/stats/__tests__/pairedTests.test.ts (statsmodels mcnemar, reference/*.json)
  'delongRocAucTest', // src/stats/__tests__/delong.test.ts (O(n²) placement values, sklearn AUCs)
  'pairedTTest', // src/stats/__tests__/pairedTests.test.ts (SciPy ttest_rel)
  'wilcoxonSignedRank', // src/stats/__tests__/pairedTests.test.ts (SciPy wilcoxon)
  'pairedBootstrapResampling', // src/stats/__tests__/sacrebleuPaired.test.ts (sacrebleu --paired-bs)
  'pairedApproximateRandomization', // same file (sacrebleu --paired-ar)
  'pairedBootstrapDelta', // src/stats/__tests__/pairedBootstrap.test.ts (sklearn loops, same indices)
  'residuals', // src/metrics/regression/__tests__/residuals.test.ts (numpy histogram, reference/histogram.json)
  'compareReturns', // src/metrics/rl/__tests__/compareReturns.test.ts (SciPy, reference/rl_compare.json)
  'fleissKappa', // src/human/__tests__/agreement.test.ts (statsmodels fleiss_kappa)
  'krippendorffAlpha', // same file (Krippendorff 2011 definition)
  'turingReport', // src/human/__tests__/turingReport.test.ts (SciPy, sklearn, statsmodels)
];

const files: GoldenFile[] = goldenFileNames()
  .filter((name) => !OWN_TEST_FILES.includes(name))
  .map(readGoldenFile);

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
