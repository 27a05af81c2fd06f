/**
 * comparePredictions against the references of `scripts/reference/paired_tests.py`
 * (`compare.json`: scikit-learn metrics, statsmodels `mcnemar`, an O(m·n) DeLong in NumPy, SciPy
 * `ttest_rel` and `wilcoxon` on per-row errors), and its own contract: directions,
 * significantlyWorse, intervals that are the paired bootstrap's, and validation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { pairedBootstrapDelta } from '../../stats/pairedBootstrapDelta.js';
import { pairedBootstrapRocAuc } from '../../stats/pairedBootstrapRocAuc.js';
import { comparePredictions } from '../comparePredictions.js';
import { type ComparedMetric, ZComparisonReportSchema } from '../compareTypes.js';

interface BinaryCase {
  task: 'binary';
  n: number;
  yTrue: number[];
  scoreA: number[];
  scoreB: number[];
  predA: number[];
  predB: number[];
  accuracy: [number, number];
  f1: [number, number];
  rocAuc: [number, number];
  mcnemar: { exact: boolean; statistic: number; pvalue: number };
  delong: { z: number; pvalue: number; variance: number };
}
type RegressionEntry = { values: [number, number]; t: number; tp: number; w: number; wp: number };
interface RegressionCase {
  task: 'regression';
  n: number;
  yTrue: number[];
  predA: number[];
  predB: number[];
  mae: RegressionEntry;
  mse: RegressionEntry;
  rmse: RegressionEntry;
}
const { cases } = JSON.parse(
  readFileSync(new URL('../../stats/__tests__/reference/compare.json', import.meta.url), 'utf8'),
) as { cases: (BinaryCase | RegressionCase)[] };
const binary = cases.filter((c): c is BinaryCase => c.task === 'binary');
const regression = cases.filter((c): c is RegressionCase => c.task === 'regression');

function close(actual: number | undefined, expected: number, rel = 1e-9) {
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    rel * Math.abs(expected) + 1e-14,
  );
}
const find = (metrics: ComparedMetric[], name: string) =>
  metrics.find((m) => m.metric === name) as ComparedMetric;

describe('comparePredictions on a binary classifier equals the references', () => {
  it.each(binary.map((c) => [`n=${c.n}`, c] as const))('%s', (_, c) => {
    const report = comparePredictions({
      yTrue: c.yTrue,
      candidate: { yPred: c.predA, yScore: c.scoreA },
      baseline: { yPred: c.predB, yScore: c.scoreB },
      metrics: ['accuracy', 'rocAuc', 'f1'],
      confidence: { nResamples: 200, seed: 3 },
    });
    expect(ZComparisonReportSchema.parse(report)).toEqual(report);
    expect(report.task).toBe('binary');
    expect(report.n).toBe(c.n);
    const accuracy = find(report.metrics, 'accuracy');
    close(accuracy.candidate, c.accuracy[0], 1e-12);
    close(accuracy.baseline, c.accuracy[1], 1e-12);
    close(accuracy.delta, c.accuracy[0] - c.accuracy[1], 1e-12);
    expect(accuracy.test?.name).toBe('mcnemar');
    expect(accuracy.test?.method).toBe(c.mcnemar.exact ? 'exact' : 'chi2-corrected');
    close(accuracy.test?.statistic, c.mcnemar.statistic);
    close(accuracy.test?.pValue, c.mcnemar.pvalue);
    const auc = find(report.metrics, 'rocAuc');
    close(auc.candidate, c.rocAuc[0], 1e-12);
    close(auc.baseline, c.rocAuc[1], 1e-12);
    expect(auc.params).toEqual({ posLabel: 1 });
    expect(auc.test?.name).toBe('delong');
    close(auc.test?.statistic, c.delong.z);
    close(auc.test?.pValue, c.delong.pvalue, 1e-8);
    close(auc.test?.details.variance, c.delong.variance);
    // the interval is the paired bootstrap's (ROC AUC fast path), same seed and resamples
    const boot = pairedBootstrapRocAuc(c.yTrue, c.scoreA, c.scoreB, { nResamples: 200, seed: 3 });
    expect(auc.interval).toEqual({
      low: boot.low,
      high: boot.high,
      level: 0.95,
      nResamples: 200,
      skipped: boot.skipped,
      seed: 3,
      method: 'paired-percentile',
    });
    const f1 = find(report.metrics, 'f1');
    close(f1.candidate, c.f1[0], 1e-12);
    close(f1.baseline, c.f1[1], 1e-12);
    expect(f1.test?.name).toBe('pairedBootstrap');
    const pick = (v: number[], idx: Uint32Array) => Array.from(idx, (i) => v[i] as number);
    const f1On = (pred: number[]) => (idx: Uint32Array) =>
      computeMetric('f1', { yTrue: pick(c.yTrue, idx), yPred: pick(pred, idx) }, { posLabel: 1 })
        .value as number;
    const f1Boot = pairedBootstrapDelta(c.n, f1On(c.predA), f1On(c.predB), {
      nResamples: 200,
      seed: 3,
    });
    expect(f1.interval?.low).toBe(f1Boot.low);
    expect(f1.interval?.high).toBe(f1Boot.high);
    expect(f1.test?.pValue).toBe(f1Boot.pValue);
    for (const m of report.metrics) {
      expect(m.higherIsBetter).toBe(true);
      expect(m.significantlyWorse).toBe(m.delta < 0 && (m.test?.pValue as number) < 0.05);
    }
  });
});

describe('comparePredictions on a regressor equals the references', () => {
  it.each(regression.map((c) => [`n=${c.n}`, c] as const))('%s', (_, c) => {
    const report = comparePredictions({
      yTrue: c.yTrue,
      candidate: { yPred: c.predA },
      baseline: { yPred: c.predB },
      metrics: ['mae', 'mse', { name: 'rmse' }],
      confidence: { nResamples: 100, seed: 1 },
    });
    expect(report.task).toBe('regression');
    for (const name of ['mae', 'mse', 'rmse'] as const) {
      const m = find(report.metrics, name);
      const e = c[name];
      close(m.candidate, e.values[0], 1e-12);
      close(m.baseline, e.values[1], 1e-12);
      expect(m.higherIsBetter).toBe(false);
      expect(m.tests.map((t) => t.name)).toEqual(['pairedT', 'wilcoxon']);
      expect(m.test?.name).toBe('pairedT');
      close(m.tests[0]?.statistic, e.t, 1e-9);
      close(m.tests[0]?.pValue, e.tp, 1e-8);
      close(m.tests[1]?.statistic, e.w, 1e-12);
      close(m.tests[1]?.pValue, e.wp, 1e-8);
      expect(m.tests[1]?.method).toBe(c.n <= 50 ? 'exact' : 'approx');
      // lower is better: worse = the candidate's error is higher, significantly
      expect(m.significantlyWorse).toBe(m.delta > 0 && (m.test?.pValue as number) < 0.05);
    }
  });

  it('swapping candidate and baseline flips significantlyWorse on a significant difference', () => {
    const c = regression.at(-1) as RegressionCase;
    const args = { yTrue: c.yTrue, metrics: ['mae'], confidence: null };
    const ab = comparePredictions({
      ...args,
      candidate: { yPred: c.predA },
      baseline: { yPred: c.predB },
    });
    const ba = comparePredictions({
      ...args,
      candidate: { yPred: c.predB },
      baseline: { yPred: c.predA },
    });
    const [mab, mba] = [ab.metrics[0] as ComparedMetric, ba.metrics[0] as ComparedMetric];
    expect(mab.test?.pValue).toBeLessThan(0.05);
    expect(mab.delta).toBeLessThan(0); // the candidate (A) has the smaller error
    expect(mab.significantlyWorse).toBe(false);
    expect(mba.significantlyWorse).toBe(true);
    expect(mab.interval).toBeNull();
  });
});

describe('comparePredictions: when a test cannot run, and bad input', () => {
  const yTrue = [0, 1, 0, 1, 1, 0, 1, 0];
  const score = [0.1, 0.8, 0.3, 0.7, 0.6, 0.2, 0.9, 0.4];
  const pred = score.map((s) => (s > 0.5 ? 1 : 0));

  it('identical predictions: DeLong and the paired t have no variance → test null with a note', () => {
    const report = comparePredictions({
      yTrue,
      candidate: { yPred: pred, yScore: score },
      baseline: { yPred: pred, yScore: score },
      metrics: ['rocAuc', 'accuracy'],
    });
    const auc = report.metrics[0] as ComparedMetric;
    expect(auc.test).toBeNull();
    expect(auc.significantlyWorse).toBeNull();
    expect(auc.note).toMatch(/variance/);
    const acc = report.metrics[1] as ComparedMetric;
    expect(acc.test?.pValue).toBe(1); // exact McNemar with no discordant pair
    expect(acc.significantlyWorse).toBe(false);
  });

  it('confidence null: no interval, and no test for metrics that rely on the bootstrap', () => {
    const report = comparePredictions({
      yTrue,
      candidate: { yPred: pred },
      baseline: { yPred: [1, 1, 0, 1, 1, 0, 1, 1] },
      metrics: ['f1'],
      confidence: null,
    });
    expect(report.metrics[0]?.interval).toBeNull();
    expect(report.metrics[0]?.test).toBeNull();
    expect(report.metrics[0]?.significantlyWorse).toBeNull();
  });

  it('string labels with classes: binary yScore is P(classes[1]), posLabel defaults to it', () => {
    const labels = yTrue.map((y) => (y === 1 ? 'spam' : 'ham'));
    const predLabels = pred.map((y) => (y === 1 ? 'spam' : 'ham'));
    const noisy = [0.1, 0.8, 0.3, 0.7, 0.6, 0.65, 0.9, 0.4];
    const other = [0.3, 0.6, 0.5, 0.4, 0.7, 0.2, 0.55, 0.45];
    const report = comparePredictions({
      yTrue: labels,
      candidate: { yPred: predLabels, yScore: noisy },
      baseline: { yPred: predLabels, yScore: other },
      classes: ['ham', 'spam'],
      metrics: ['rocAuc'],
      confidence: { nResamples: 50 },
    });
    const m = report.metrics[0] as ComparedMetric;
    expect(m.params).toEqual({ posLabel: 'spam' });
    // sklearn: roc_auc_score(y, noisy) = 15/16, roc_auc_score(y, other) = 14/16
    expect(m.candidate).toBe(15 / 16);
    expect(m.baseline).toBe(14 / 16);
    expect(m.test?.name).toBe('delong');
    // classes the other way round: the same scores now mean P(ham)
    const flipped = comparePredictions({
      yTrue: labels,
      candidate: { yPred: predLabels, yScore: noisy.map((p) => 1 - p) },
      baseline: { yPred: predLabels, yScore: other.map((p) => 1 - p) },
      classes: ['spam', 'ham'],
      metrics: [{ name: 'rocAuc', params: { posLabel: 'spam' } }],
      confidence: { nResamples: 50 },
    });
    expect(flipped.metrics[0]?.candidate).toBeCloseTo(15 / 16, 15);
  });

  it('refuses bad input with the core’s validation error and a clear message', () => {
    const base = { yTrue, candidate: { yPred: pred }, baseline: { yPred: pred } };
    const message = (input: unknown) => {
      try {
        comparePredictions(input as Parameters<typeof comparePredictions>[0]);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as Error).message;
      }
      throw new Error('expected an InvalidInputError');
    };
    expect(message({ ...base, metrics: ['acuracy'] })).toMatch(/unknown metric 'acuracy'/);
    expect(message({ ...base, metrics: ['accuracy', 'mae'] })).toMatch(
      /mixes classification and regression/,
    );
    expect(message({ ...base, metrics: ['ndcg'] })).toMatch(/ranking/);
    expect(message({ ...base, baseline: { yPred: [1] }, metrics: ['accuracy'] })).toMatch(
      /yTrue has 8 rows but baseline.yPred has 1/,
    );
    expect(message({ ...base, metrics: ['rocAuc'] })).toMatch(/needs yScore.*candidate.yScore/);
    expect(message({ ...base, metrics: [] })).toMatch(/metrics/);
    expect(message({ ...base, metrics: ['accuracy'], alpha: 2 })).toMatch(/alpha/);
    expect(message({ ...base, metrics: ['accuracy'], confidence: { level: 1.5 } })).toMatch(
      /confidence.level/,
    );
    expect(message({ ...base, metrics: ['confusionMatrix'] })).toMatch(/no numeric value/);
  });
});
