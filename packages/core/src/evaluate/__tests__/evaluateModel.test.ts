import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../data/parseDataset.js';
import type { DataTable } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { createSpecModel } from '../../models/specModel.js';
import type { Model } from '../../models/types.js';
import { evaluateModel } from '../evaluateModel.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../fixtures/datasets', import.meta.url));
const load = (file: string) => parseDataset(readFileSync(`${DATASETS}/${file}`), { format: 'csv' });
const close = (actual: number | null, expected: number, tol = 1e-12) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol);
async function rejection(promise: Promise<unknown>, type: unknown = InvalidInputError) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return (error as Error).message;
}

// scikit-learn 1.2.1 LogisticRegression(max_iter=10000) on these four columns of
// breast_cancer.csv, coefficients rounded to 6 decimals; classes_ = ['benign', 'malignant'].
const BC_FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
const BC_COEF = [0.986574, 0.215202, 0.800123, 3.370235];
const BC_INTERCEPT = -19.273904;
/*
 * Expected values, computed from the same coefficients with /usr/bin/python3 (numpy 1.24.2,
 * scikit-learn 1.2.1), X = those four columns, y = diagnosis:
 *   z = X @ BC_COEF + BC_INTERCEPT; p = 1/(1+np.exp(-z)); yp = np.where(z > 0, 'malignant', 'benign')
 *   accuracy_score(y, yp)                               → 0.9033391915641477
 *   roc_auc_score(y == 'malignant', p)                  → 0.9605861212409492
 *   log_loss(y, p)                                      → 0.233660503382255
 *   f1_score(y, yp, pos_label='malignant')              → 0.8655256723716381
 *   brier_score_loss(y, p, pos_label='malignant')       → 0.07103529067227576
 */
const BC = {
  accuracy: 0.9033391915641477,
  rocAuc: 0.9605861212409492,
  logLoss: 0.233660503382255,
  f1: 0.8655256723716381,
  brierScore: 0.07103529067227576,
};
const BC_METRICS = Object.keys(BC).map((name) => ({ name }));

let breastCancer: DataTable;
let diabetes: DataTable;
let iris: DataTable;
beforeAll(() => {
  breastCancer = load('breast_cancer.csv');
  diabetes = load('diabetes.csv');
  iris = load('iris.csv');
});

describe('evaluateModel on breast_cancer.csv with a logistic spec model', () => {
  const model = createSpecModel({
    type: 'logistic',
    coef: BC_COEF,
    intercept: BC_INTERCEPT,
    classes: ['benign', 'malignant'],
    featureNames: BC_FEATURES,
  });

  it('accuracy, rocAuc, logLoss, f1 and brierScore equal scikit-learn on the same coefficients', async () => {
    const r = await evaluateModel({
      model,
      table: breastCancer,
      target: 'diagnosis',
      metrics: BC_METRICS,
    });
    expect(r.task).toBe('binary');
    expect(r.rows).toBe(569);
    expect(r.features).toEqual(BC_FEATURES); // the model's feature names, found in the table
    for (const m of r.metrics) close(m.value, BC[m.name as keyof typeof BC]);
    const rocAuc = r.metrics.find((m) => m.name === 'rocAuc');
    expect(rocAuc?.params).toEqual({ posLabel: 'malignant' });
    expect(rocAuc?.result).toEqual({ value: rocAuc?.value });
    expect(rocAuc?.signature).toBe(
      'metric:rocAuc|params:{"posLabel":"malignant"}|model:spec:logistic|target:diagnosis|n:569|version:assay-core.0.1.0',
    );
    expect(r.metrics.find((m) => m.name === 'logLoss')?.params).toEqual({
      labels: ['benign', 'malignant'],
    });
    if (r.predictions.task === 'regression') throw new Error('expected a classifier summary');
    expect(r.predictions.classes.map((c) => [c.label, c.actual])).toEqual([
      ['benign', 357],
      ['malignant', 212],
    ]);
    expect(r.predictions.classes.reduce((s, c) => s + c.predicted, 0)).toBe(569);
    expect(r.timing.modelCalls).toBe(2); // one predict and one predictClasses, one batch
  });

  it('the same model written with its classes the other way round gives the same numbers', async () => {
    const flipped = createSpecModel({
      type: 'logistic',
      coef: BC_COEF.map((c) => -c),
      intercept: -BC_INTERCEPT,
      classes: ['malignant', 'benign'],
      featureNames: BC_FEATURES,
    });
    const r = await evaluateModel({
      model: flipped,
      table: breastCancer,
      target: 'diagnosis',
      metrics: [
        { name: 'accuracy' },
        { name: 'rocAuc' },
        { name: 'logLoss' },
        { name: 'f1', params: { posLabel: 'malignant' } },
      ],
    });
    close(r.metrics[0]?.value ?? null, BC.accuracy);
    close(r.metrics[1]?.value ?? null, BC.rocAuc, 1e-12); // posLabel 'benign' with P(benign)
    close(r.metrics[2]?.value ?? null, BC.logLoss, 1e-12);
    close(r.metrics[3]?.value ?? null, BC.f1);
  });

  it('batches of preferredBatchRows or batchRows give the same numbers', async () => {
    const r = await evaluateModel({
      model,
      table: breastCancer,
      target: 'diagnosis',
      metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }],
      batchRows: 100,
    });
    expect(r.timing.modelCalls).toBe(12); // 6 batches × (predict + predictClasses)
    close(r.metrics[0]?.value ?? null, BC.accuracy);
    close(r.metrics[1]?.value ?? null, BC.rocAuc);
  });

  it('confidence adds the registered bootstrap interval, seeded and reproducible', async () => {
    const confidence = { level: 0.9, nResamples: 200, seed: 7 };
    const run = () =>
      evaluateModel({
        model,
        table: breastCancer,
        target: 'diagnosis',
        metrics: [{ name: 'accuracy' }, { name: 'confusionMatrix' }],
        confidence,
      });
    const [a, b] = await Promise.all([run(), run()]);
    const ci = a.metrics[0]?.confidenceInterval;
    expect(ci).toEqual(b.metrics[0]?.confidenceInterval);
    // the same interval as the catalog's bootstrap on yTrue and the model's own predictClasses
    const x = BC_FEATURES.map((f) => breastCancer.column(f).values as Float64Array);
    const matrix = {
      rows: 569,
      cols: 4,
      data: Float64Array.from(
        { length: 569 * 4 },
        (_, k) => (x[k % 4] as Float64Array)[Math.floor(k / 4)] as number,
      ),
    };
    const boot = computeMetric(
      'bootstrap',
      {
        metric: 'accuracy',
        input: {
          yTrue: [...(breastCancer.column('diagnosis').values as string[])],
          yPred: (await model.predictClasses?.(matrix)) as Label[],
        },
      },
      { nResamples: 200, confidenceLevel: 0.9, seed: 7 },
    );
    expect(ci).toEqual({
      low: boot.low,
      high: boot.high,
      level: 0.9,
      nResamples: 200,
      skipped: 0,
      seed: 7,
      method: 'percentile',
    });
    expect((ci?.low as number) <= BC.accuracy && BC.accuracy <= (ci?.high as number)).toBe(true);
    expect(a.metrics[0]?.signature).toBe(
      'metric:accuracy|params:{}|model:spec:logistic|target:diagnosis|n:569|ci:percentile|level:0.9|resamples:200|seed:7|version:assay-core.0.1.0',
    );
    // a result without a numeric value (a matrix) gets no interval
    expect(a.metrics[1]?.value).toBeNull();
    expect(a.metrics[1]?.confidenceInterval).toBeUndefined();
  });
});

describe('evaluateModel on diabetes.csv with a linear spec model', () => {
  // scikit-learn 1.2.1 LinearRegression on all ten columns, coefficients rounded to 6 decimals.
  // python3: yp = X @ coef + intercept; r2_score(y, yp) → 0.5177484222201301,
  //          mean_squared_error(y, yp) → 2859.6963475880534
  const model = createSpecModel({
    type: 'linear',
    coef: [
      -0.036361, -22.859648, 5.602962, 1.116808, -1.089996, 0.74645, 0.372005, 6.533832, 68.483125,
      0.280117,
    ],
    intercept: -334.567139,
  });

  it('r2 and mse equal scikit-learn; features default to every column but the target', async () => {
    const r = await evaluateModel({
      model,
      table: diabetes,
      target: 'progression',
      metrics: [{ name: 'r2' }, { name: 'mse' }],
    });
    expect(r.task).toBe('regression');
    expect(r.features).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
    close(r.metrics[0]?.value ?? null, 0.5177484222201301, 1e-10);
    close(r.metrics[1]?.value ?? null, 2859.6963475880534, 1e-7);
    if (r.predictions.task !== 'regression') throw new Error('expected a regression summary');
    expect(r.predictions.min).toBeLessThan(r.predictions.mean);
  });

  it('refuses classification metrics before predicting, and a label target', async () => {
    expect(
      await rejection(
        evaluateModel({
          model,
          table: diabetes,
          target: 'progression',
          metrics: [{ name: 'accuracy' }],
        }),
      ),
    ).toBe("metric 'accuracy' is a classification metric but the model is a regressor");
    const labelled = parseDataset(new TextEncoder().encode('a,y\n1,x\n'), { format: 'csv' });
    const one = createSpecModel({ type: 'linear', coef: [1] });
    expect(
      await rejection(
        evaluateModel({ model: one, table: labelled, target: 'y', metrics: [{ name: 'r2' }] }),
      ),
    ).toBe(
      "target 'y' is a label column but the model is a regressor; a regression target is numeric",
    );
  });
});

describe('evaluateModel on iris.csv with a multiclass model whose classes are not sorted', () => {
  // scikit-learn 1.2.1 LogisticRegression(max_iter=10000) on iris, coef_ and intercept_ rounded to
  // 4 decimals, rows for setosa, versicolor, virginica. python3: s = X @ W.T + b; P = softmax(s);
  // accuracy_score(y, classes_[P.argmax(1)]) → 0.9733333333333334,
  // roc_auc_score(y, P, multi_class='ovr') → 0.9983333333333334, log_loss(y, P) → 0.11963458892977398
  const W: Record<string, number[]> = {
    setosa: [-0.4233, 0.9673, -2.5172, -1.0796],
    versicolor: [0.5343, -0.3214, -0.2063, -0.9442],
    virginica: [-0.111, -0.6459, 2.7235, 2.0238],
  };
  const B: Record<string, number> = { setosa: 9.8489, versicolor: 2.2369, virginica: -12.0859 };
  const classes = ['virginica', 'setosa', 'versicolor'];
  const model: Model = {
    kind: 'test:softmax',
    inputSchema: {
      features: ['a', 'b', 'c', 'd'].map((name) => ({ name, type: 'numeric' as const })),
    },
    output: { kind: 'probabilities', classes },
    predict(x) {
      const out = new Float64Array(x.rows * 3);
      for (let i = 0; i < x.rows; i++) {
        const s = classes.map(
          (c) =>
            (B[c] as number) +
            (W[c] as number[]).reduce((t, w, j) => t + w * (x.data[i * 4 + j] as number), 0),
        );
        const m = Math.max(...s);
        const e = s.map((v) => Math.exp(v - m));
        const z = e.reduce((t, v) => t + v, 0);
        e.forEach((v, c) => {
          out[i * 3 + c] = v / z;
        });
      }
      return out;
    },
  };

  it('accuracy, one-vs-rest rocAuc and logLoss equal scikit-learn (columns reordered to sorted labels)', async () => {
    const r = await evaluateModel({
      model,
      table: iris,
      target: 'species',
      metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }, { name: 'logLoss' }],
    });
    expect(r.task).toBe('multiclass');
    close(r.metrics[0]?.value ?? null, 0.9733333333333334);
    close(r.metrics[1]?.value ?? null, 0.9983333333333334, 1e-12);
    close(r.metrics[2]?.value ?? null, 0.11963458892977398, 1e-12);
    expect(r.metrics[1]?.params).toEqual({
      labels: ['setosa', 'versicolor', 'virginica'],
      multiClass: 'ovr',
    });
  });

  it('refuses target labels that are not the model classes, naming the label and row', async () => {
    const two: Model = {
      ...model,
      output: { kind: 'probabilities', classes: ['setosa', 'versicolor', 'other'] },
    };
    expect(
      await rejection(
        evaluateModel({
          model: two,
          table: iris,
          target: 'species',
          metrics: [{ name: 'accuracy' }],
        }),
      ),
    ).toBe(
      'target \'species\' has the label "virginica" (row 101), which is not one of the model\'s classes ["setosa","versicolor","other"]',
    );
  });
});

describe('evaluateModel(options) refuses what it cannot evaluate', () => {
  const csv = (text: string) => parseDataset(new TextEncoder().encode(text), { format: 'csv' });
  const table = csv('x,g,y\n1,a,1\n1,a,1\n2,b,0\n-2,b,0\n');
  const model = createSpecModel({ type: 'logistic', coef: [1] });
  const run = (overrides: Partial<Parameters<typeof evaluateModel>[0]>) =>
    evaluateModel({
      model,
      table,
      target: 'y',
      features: ['x'],
      metrics: [{ name: 'accuracy' }],
      ...overrides,
    });

  it('maps other metric inputs to columns: demographic parity over g (selection rates 1 and ½)', async () => {
    const r = await run({
      metrics: [{ name: 'demographicParityDifference', inputs: { sensitive: 'g' } }],
    });
    expect(r.metrics[0]?.value).toBe(0.5);
    expect(r.metrics[0]?.params).toEqual({ posLabel: 1 });
  });

  it('says which feature or target is wrong', async () => {
    expect(await rejection(run({ features: undefined }))).toBe(
      "the model takes 1 feature but every column but the target 'y' makes 2; pass features to choose the model's columns",
    );
    expect(await rejection(run({ features: ['g'] }))).toBe(
      "feature 'g' is a label column; models take numeric features (encode it first)",
    );
    expect(await rejection(run({ features: ['z'] }))).toBe(
      "the dataset has no column 'z'; its columns are 'x', 'g', 'y'",
    );
    expect(await rejection(run({ target: 'nope' }))).toBe(
      "the dataset has no column 'nope'; its columns are 'x', 'g', 'y'",
    );
    expect(await rejection(run({ table: csv('x,y\n1,1\n,0\n') }))).toBe(
      "feature 'x' has a missing value in row 2; models need every feature",
    );
    expect(await rejection(run({ table: csv('x,y\n1,1\n2,\n') }))).toBe(
      "target 'y' has a missing value in row 2",
    );
    expect(await rejection(run({ table: csv('x,y\n') }))).toBe(
      'the table has no rows; at least one is required',
    );
  });

  it('says which metric does not fit, before predicting', async () => {
    expect(await rejection(run({ metrics: [{ name: 'ndcg' }] }))).toMatch(
      /^metric 'ndcg' \(ranking\) does not score one model's predictions on a table/,
    );
    expect(await rejection(run({ metrics: [{ name: 'r2' }] }))).toBe(
      "metric 'r2' is a regression metric but the model is a classifier",
    );
    expect(await rejection(run({ metrics: [{ name: 'groupMetrics' }] }))).toBe(
      "metric 'groupMetrics' needs sensitive, which a classifier's predictions do not give; map it to columns with inputs",
    );
    expect(await rejection(run({ metrics: [{ name: 'f1', inputs: { yPred: 'g' } }] }))).toBe(
      'yPred comes from the predictions and the target; it cannot be mapped to a column',
    );
    expect(await rejection(run({ metrics: [] }))).toBe(
      'metrics is empty; ask for at least one metric',
    );
    // An unknown name in a request is an invalid request (400), not a missing resource (404).
    expect(await rejection(run({ metrics: [{ name: 'auc' }] }))).toMatch(
      /^unknown metric 'auc'; the metrics a batch test computes are accuracy, .*rocAuc/,
    );
    expect(await rejection(run({ confidence: { level: 1.5 } }))).toBe(
      'confidence.level is 1.5; expected a number in (0, 1)',
    );
  });

  it("prefixes a metric's own refusal with its name", async () => {
    const oneClass = csv('x,y\n1,1\n2,1\n');
    const error = await evaluateModel({
      model,
      table: oneClass,
      target: 'y',
      metrics: [{ name: 'rocAuc' }],
    }).catch((e: unknown) => e as InvalidInputError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      "metric 'rocAuc': only one class present in yTrue; ROC AUC is not defined in that case",
    );
    expect((error as InvalidInputError).issues[0]?.path.slice(0, 3)).toEqual([
      'metrics',
      0,
      'input',
    ]);
  });
});

describe('evaluateModel progress and cancellation', () => {
  const model = createSpecModel({
    type: 'logistic',
    coef: BC_COEF,
    intercept: BC_INTERCEPT,
    classes: ['benign', 'malignant'],
    featureNames: BC_FEATURES,
  });

  it('reports rising fractions, batch by batch then metric by metric, ending at 1', async () => {
    const seen: { fraction: number; message: string }[] = [];
    const r = await evaluateModel({
      model,
      table: breastCancer,
      target: 'diagnosis',
      metrics: BC_METRICS,
      batchRows: 100,
      onProgress: (p) => {
        seen.push(p);
      },
    });
    // 6 predict batches (569 rows), 5 metrics, done
    expect(seen).toHaveLength(6 + 5 + 1);
    expect(seen[0]).toEqual({
      fraction: (0.9 * 100) / 569,
      message: 'predicting: 100 of 569 rows',
    });
    expect(seen[5]?.fraction).toBeCloseTo(0.9, 12);
    expect(seen[6]).toEqual({ fraction: 0.9, message: 'metric 1 of 5: accuracy' });
    expect(seen.at(-1)).toEqual({ fraction: 1, message: 'done' });
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]?.fraction).toBeGreaterThanOrEqual(seen[i - 1]?.fraction as number);
    close(r.metrics[0]?.value ?? null, BC.accuracy);
  });

  it('stops at the next batch once the signal aborts, rejecting with its reason', async () => {
    const controller = new AbortController();
    let batches = 0;
    const reason = new Error('cancelled by the user');
    const error = await evaluateModel({
      model,
      table: breastCancer,
      target: 'diagnosis',
      metrics: BC_METRICS,
      batchRows: 100,
      signal: controller.signal,
      onProgress: () => {
        batches += 1;
        if (batches === 2) controller.abort(reason);
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(reason);
    expect(batches).toBe(2);
  });
});
