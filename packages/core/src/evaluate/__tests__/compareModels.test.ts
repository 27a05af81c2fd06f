/**
 * compareModels: both models predicted on the same rows, then comparePredictions. The candidate
 * is the scikit-learn 1.2.1 logistic regression of evaluateModel.test.ts (its accuracy and ROC AUC
 * on breast_cancer.csv are quoted there from scikit-learn); the baseline a weaker variant.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../data/parseDataset.js';
import type { DataTable } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel } from '../../models/specModel.js';
import { compareModels } from '../compareModels.js';
import { comparePredictions } from '../comparePredictions.js';
import { evaluateModel } from '../evaluateModel.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../fixtures/datasets', import.meta.url));
const load = (file: string) => parseDataset(readFileSync(`${DATASETS}/${file}`), { format: 'csv' });

const BC_FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
// scikit-learn 1.2.1 on these columns (evaluateModel.test.ts): accuracy 0.9033391915641477,
// roc_auc 0.9605861212409492
const candidate = createSpecModel({
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: BC_FEATURES,
});
const baseline = createSpecModel({
  type: 'logistic',
  coef: [0.9, 0.1, 0, 0.5],
  intercept: -15,
  classes: ['benign', 'malignant'],
  featureNames: BC_FEATURES,
});

let breastCancer: DataTable;
let diabetes: DataTable;
beforeAll(() => {
  breastCancer = load('breast_cancer.csv');
  diabetes = load('diabetes.csv');
});

describe('compareModels', () => {
  it('equals comparePredictions on both models’ predictions; the candidate’s values are scikit-learn’s', async () => {
    const metrics = ['accuracy', 'rocAuc', 'logLoss'];
    const confidence = { nResamples: 100, seed: 2 };
    const report = await compareModels({
      candidate,
      baseline,
      table: breastCancer,
      target: 'diagnosis',
      metrics,
      confidence,
    });
    expect(report.n).toBe(569);
    expect(report.candidate).toBe('spec:logistic');
    expect(report.timing.modelCalls).toBe(4);
    const acc = report.metrics[0];
    expect(Math.abs((acc?.candidate as number) - 0.9033391915641477)).toBeLessThan(1e-12);
    expect(Math.abs((report.metrics[1]?.candidate as number) - 0.9605861212409492)).toBeLessThan(
      1e-12,
    );
    expect(report.metrics.map((m) => m.test?.name)).toEqual([
      'mcnemar',
      'delong',
      'pairedBootstrap',
    ]);
    expect(report.metrics[2]?.higherIsBetter).toBe(false);
    // the same numbers from the predictions themselves
    const x = breastCancer;
    const rows = Array.from({ length: x.rows }, (_, i) =>
      BC_FEATURES.map((f) => x.column(f).values[i] as number),
    );
    const matrix = { rows: x.rows, cols: 4, data: Float64Array.from(rows.flat()) };
    const pc = Array.from(await candidate.predict(matrix));
    const pb = Array.from(await baseline.predict(matrix));
    const classesOf = async (m: typeof candidate) => (await m.predictClasses?.(matrix)) as string[];
    const direct = comparePredictions({
      yTrue: Array.from(x.column('diagnosis').values as ArrayLike<string>),
      candidate: { yPred: await classesOf(candidate), yScore: pc },
      baseline: { yPred: await classesOf(baseline), yScore: pb },
      classes: ['benign', 'malignant'],
      metrics,
      confidence,
    });
    const strip = (r: typeof report) => r.metrics.map(({ signature: _s, ...m }) => m);
    expect(strip(report)).toEqual(strip(direct));
    expect(report.metrics[0]?.signature).toBe(
      'compare:accuracy|params:{}|candidate:spec:logistic|baseline:spec:logistic|n:569|test:mcnemar|alpha:0.05|ci:paired-percentile|level:0.95|resamples:100|seed:2|version:assay-core.0.1.0',
    );
  });

  it('a baseline with its classes the other way round compares the same', async () => {
    const flipped = createSpecModel({
      type: 'logistic',
      coef: [-0.9, -0.1, 0, -0.5],
      intercept: 15,
      classes: ['malignant', 'benign'],
      featureNames: BC_FEATURES,
    });
    const options = {
      candidate,
      table: breastCancer,
      target: 'diagnosis',
      metrics: ['rocAuc'],
      confidence: null,
    };
    const a = await compareModels({ ...options, baseline });
    const b = await compareModels({ ...options, baseline: flipped });
    expect(b.metrics[0]?.baseline).toBeCloseTo(a.metrics[0]?.baseline as number, 12);
    expect(b.metrics[0]?.test?.pValue).toBeCloseTo(a.metrics[0]?.test?.pValue as number, 10);
  });

  it('compares regressors with the paired t and Wilcoxon tests; the candidate’s r2 is evaluateModel’s', async () => {
    const coef = [
      -0.036361, -22.859648, 5.602962, 1.116808, -1.089996, 0.74645, 0.372005, 6.533832, 68.483125,
      0.280117,
    ];
    const linear = createSpecModel({ type: 'linear', coef, intercept: -334.567139 });
    const weaker = createSpecModel({
      type: 'linear',
      coef: coef.map((c, j) => (j === 2 ? 0 : c)),
      intercept: -200,
    });
    const report = await compareModels({
      candidate: linear,
      baseline: weaker,
      table: diabetes,
      target: 'progression',
      metrics: ['mae', 'r2'],
      confidence: { nResamples: 50 },
    });
    expect(report.task).toBe('regression');
    expect(report.metrics[0]?.tests.map((t) => t.name)).toEqual(['pairedT', 'wilcoxon']);
    const evaluation = await evaluateModel({
      model: linear,
      table: diabetes,
      target: 'progression',
      metrics: [{ name: 'r2' }],
    });
    expect(report.metrics[1]?.candidate).toBe(evaluation.metrics[0]?.value);
    expect(report.metrics[1]?.test?.name).toBe('pairedBootstrap');
  });

  it('reports progress for both models then each metric, and stops when aborted', async () => {
    const seen: number[] = [];
    await compareModels({
      candidate,
      baseline,
      table: breastCancer,
      target: 'diagnosis',
      metrics: ['accuracy', 'f1'],
      batchRows: 200,
      confidence: null,
      onProgress: (p) => {
        seen.push(p.fraction);
      },
    });
    // 3 batches per model, 2 metrics, done
    expect(seen).toHaveLength(3 + 3 + 2 + 1);
    expect(seen[2]).toBeCloseTo(0.15, 12);
    expect(seen[5]).toBeCloseTo(0.3, 12);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number);
    const controller = new AbortController();
    const reason = new Error('stop');
    const error = await compareModels({
      candidate,
      baseline,
      table: breastCancer,
      target: 'diagnosis',
      metrics: ['accuracy'],
      batchRows: 200,
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(reason);
  });

  it('refuses models of different kinds, and bad metric names before predicting', async () => {
    const regressor = createSpecModel({
      type: 'linear',
      coef: [1, 1, 1, 1],
      featureNames: BC_FEATURES,
    });
    await expect(
      compareModels({
        candidate,
        baseline: regressor,
        table: breastCancer,
        target: 'diagnosis',
        metrics: ['accuracy'],
      }),
    ).rejects.toThrow(InvalidInputError);
    let predicted = 0;
    const counting = Object.create(candidate, {
      predict: {
        value: (x: Parameters<typeof candidate.predict>[0]) => {
          predicted++;
          return candidate.predict(x);
        },
      },
    });
    await expect(
      compareModels({
        candidate: counting,
        baseline,
        table: breastCancer,
        target: 'diagnosis',
        metrics: ['acuracy'],
      }),
    ).rejects.toThrow(/unknown metric 'acuracy'/);
    expect(predicted).toBe(0);
  });
});
