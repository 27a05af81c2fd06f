import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel } from '../../models/index.js';
import { explain } from '../explain.js';
import { fitSurrogate } from '../surrogate/surrogate.js';
import type { TreeNode } from '../surrogate/treeSurrogate.js';

const here = dirname(fileURLToPath(import.meta.url));
/** scikit-learn 1.2.1 fits of the same data (test/fixtures/make_surrogate_sklearn.py). */
const ref = JSON.parse(
  readFileSync(join(here, '../../../test/fixtures/surrogate-sklearn.json'), 'utf8'),
) as {
  X: number[][];
  yRegression: number[];
  yClassification: string[];
  ridge: { alpha: number; coef: number[]; intercept: number };
  regressionTree: TreeRef & { predictions: number[] };
  classificationTree: TreeRef & { predictions: string[] };
  split: { testSize: number; seed: number; train: number[]; test: number[] };
};
interface TreeRef {
  maxDepth: number;
  feature: number[];
  threshold: number[];
  nSamples: number[];
  impurity: number[];
  featureImportances: number[];
}

function expectTree(nodes: TreeNode[], tree: TreeRef): void {
  expect(nodes.map((n) => (n.feature < 0 ? -2 : n.feature))).toEqual(tree.feature);
  expect(nodes.map((n) => n.nSamples)).toEqual(tree.nSamples);
  nodes.forEach((n, i) => {
    // scikit-learn splits float32 copies of X: its thresholds are float32 midpoints
    if (n.feature >= 0) expect(n.threshold).toBeCloseTo(tree.threshold[i] as number, 6);
    expect(n.impurity).toBeCloseTo(tree.impurity[i] as number, 12);
  });
}

describe('fitSurrogate', () => {
  it('ridge equals scikit-learn Ridge(alpha) (intercept not penalised)', async () => {
    const r = await fitSurrogate(ref.X, ref.yRegression, {
      surrogate: 'ridge',
      alpha: ref.ridge.alpha,
    });
    (r.coef as number[]).forEach((c, j) => {
      expect(c).toBeCloseTo(ref.ridge.coef[j] as number, 10);
    });
    expect(r.intercept).toBeCloseTo(ref.ridge.intercept, 10);
  });

  it('a regression tree equals DecisionTreeRegressor(max_depth=3): nodes, importances, predictions', async () => {
    const r = await fitSurrogate(ref.X, ref.yRegression, { surrogate: 'tree', maxDepth: 3 });
    expect(r.params.task).toBe('regression');
    expectTree(r.tree as TreeNode[], ref.regressionTree);
    (r.featureImportances as number[]).forEach((v, j) => {
      expect(v).toBeCloseTo(ref.regressionTree.featureImportances[j] as number, 10);
    });
    const leaves = (r.tree as TreeNode[]).filter((n) => n.feature < 0);
    expect(r.rules as string[]).toHaveLength(leaves.length);
    expect((r.rules as string[])[0]).toMatch(/^x0 <= 0\.\d+ and x1 <= .* → .* \(n=\d+\)$/);
  });

  it('a classification tree on string labels equals DecisionTreeClassifier(max_depth=2)', async () => {
    const r = await fitSurrogate(ref.X, ref.yClassification, { surrogate: 'tree', maxDepth: 2 });
    expect(r.params.task).toBe('classification');
    expectTree(r.tree as TreeNode[], ref.classificationTree);
    let agree = 0;
    for (let i = 0; i < ref.X.length; i++) {
      if (ref.yClassification[i] === ref.classificationTree.predictions[i]) agree++;
    }
    expect(r.fidelityAccuracy).toBeCloseTo(agree / ref.X.length, 14);
  });

  it('testFraction holds rows out exactly as train_test_split(test_size, random_state=seed)', async () => {
    const r = await fitSurrogate(ref.X, ref.yRegression, {
      surrogate: 'linear',
      testFraction: ref.split.testSize,
      seed: ref.split.seed,
    });
    const onTrain = await fitSurrogate(
      ref.split.train.map((i) => ref.X[i] as number[]),
      ref.split.train.map((i) => ref.yRegression[i] as number),
      { surrogate: 'linear' },
    );
    expect(r.coef).toEqual(onTrain.coef);
    expect(r.seed).toBe(ref.split.seed);
    expect(r.fidelity).not.toEqual(r.trainFidelity);
  });

  it('fits the black box model itself when given instead of predictions', async () => {
    const model = createSpecModel({ type: 'linear', coef: [1, -2, 0.5], intercept: 3 });
    const r = await explain(
      'surrogate',
      { X: ref.X, model: { type: 'linear', coef: [1, -2, 0.5], intercept: 3 } },
      {},
    );
    expect(r.coef as number[]).toHaveLength(3);
    (r.coef as number[]).forEach((c, j) => {
      expect(c).toBeCloseTo([1, -2, 0.5][j] as number, 10);
    });
    expect(r.fidelityR2).toBeCloseTo(1, 12);
    expect(model.kind).toBe('spec:linear');
  });

  it('a logistic surrogate needs two classes or more', async () => {
    await expect(
      fitSurrogate([[0], [1], [2]], ['a', 'a', 'a'], { surrogate: 'logistic' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("fitSurrogate(X, three classes, { surrogate: 'logistic' }) is scikit-learn's multinomial LogisticRegression", async () => {
    // test/fixtures/make_multinomial_sklearn.py: LogisticRegression(C=0.7, solver="newton-cg",
    // tol=1e-12) on the same X and labels (gradient below 1e-7 at its solution)
    const mn = JSON.parse(
      readFileSync(join(here, '../../../test/fixtures/multinomial-sklearn.json'), 'utf8'),
    ) as {
      C: number;
      classes: string[];
      coef: number[][];
      intercept: number[];
      predictions: string[];
    };
    const r = await fitSurrogate(ref.X, ref.yClassification, { surrogate: 'logistic', C: mn.C });
    expect(r.classes).toEqual(mn.classes);
    (r.coef as number[][]).forEach((row, k) => {
      row.forEach((c, j) => {
        expect(Math.abs(c - (mn.coef[k]?.[j] as number))).toBeLessThan(1e-6);
      });
    });
    (r.intercept as number[]).forEach((b, k) => {
      expect(Math.abs(b - (mn.intercept[k] as number))).toBeLessThan(1e-6);
    });
    const agree = mn.predictions.filter((p, i) => p === ref.yClassification[i]).length;
    expect(r.fidelityAccuracy).toBeCloseTo(agree / mn.predictions.length, 12);
    expect(r.featureImportances as number[]).toHaveLength(3);
  });
});
