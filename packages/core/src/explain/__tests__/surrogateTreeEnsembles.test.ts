import { describe, expect, it } from 'vitest';
import { histGradientBoosting } from '../../automl/learners/histGradientBoosting.js';
import { explain } from '../explain.js';
import { fitSurrogate } from '../surrogate/surrogate.js';

/** Deterministic uniform rows in [−1, 1) (a small LCG), row-major nested arrays. */
function rows(n: number, cols: number, seed: number): number[][] {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 - 1;
  };
  return Array.from({ length: n }, () => Array.from({ length: cols }, u));
}

const X = rows(600, 4, 11);
// The black box uses x0 and x1 only; x2 and x3 are noise it ignores.
const regression = X.map((r) => 3 * (r[0] as number) + 2 * (r[1] as number) ** 2);
const labels = X.map((r) => ((r[0] as number) + (r[1] as number) > 0 ? 'yes' : 'no'));

describe('fitSurrogate with AutoML tree ensembles (random_forest, hist_gbm)', {
  timeout: 60_000,
}, () => {
  it("surrogate 'hist_gbm' copies a regression black box (fidelity R² > 0.95) and its mean |Tree SHAP| ranks x0, x1 over the noise", async () => {
    const r = await fitSurrogate(X, regression, { surrogate: 'hist_gbm', seed: 3 });
    expect(r.fidelityR2).toBeGreaterThan(0.95);
    const imp = r.featureImportances as number[];
    expect(Math.min(imp[0] as number, imp[1] as number)).toBeGreaterThan(
      5 * Math.max(imp[2] as number, imp[3] as number),
    );
    expect(r.shapSpace).toBe('raw');
    expect(r.seed).toBe(3);
  });

  it("surrogate 'random_forest' (maxDepth 6) copies string labels (fidelity accuracy > 0.9) and reports the classes", async () => {
    const r = await fitSurrogate(X, labels, { surrogate: 'random_forest', maxDepth: 6, seed: 5 });
    expect(r.fidelityAccuracy).toBeGreaterThan(0.9);
    expect(r.classes).toEqual(['no', 'yes']);
    expect(r.shapSpace).toBe('probability');
    const imp = r.featureImportances as number[];
    expect(Math.min(imp[0] as number, imp[1] as number)).toBeGreaterThan(
      3 * Math.max(imp[2] as number, imp[3] as number),
    );
  });

  it('the importances are the mean |SHAP| of the same fit: equal to recomputing them from histGradientBoosting with the seed', async () => {
    const r = await fitSurrogate(X, regression, { surrogate: 'hist_gbm', seed: 9 });
    const model = await histGradientBoosting.fit(
      {
        x: Float64Array.from(X.flat()),
        rows: X.length,
        cols: 4,
        y: Float64Array.from(regression),
        task: 'regression',
        nClasses: 0,
      },
      {
        max_iter: 100,
        learning_rate: 0.1,
        max_leaf_nodes: 31,
        min_samples_leaf: 2,
        l2_regularization: 1 / 1024,
      },
      { seed: 9 },
    );
    const shap = model.shapValues?.(Float64Array.from(X.slice(0, 500).flat()), 500);
    const expected = [0, 1, 2, 3].map((f) => {
      let sum = 0;
      for (let i = 0; i < 500; i++) sum += Math.abs(shap?.values[i * 4 + f] as number);
      return sum / 500;
    });
    expect(r.featureImportances).toEqual(expected);
  });

  it("explain('surrogate', …) runs the new kinds with the same seed to the same explanation", async () => {
    const a = await explain(
      'surrogate',
      { X, blackBoxPredictions: labels },
      { surrogate: 'hist_gbm', seed: 1 },
    );
    const b = await explain(
      'surrogate',
      { X, blackBoxPredictions: labels },
      { surrogate: 'hist_gbm', seed: 1 },
    );
    expect(a.featureImportances).toEqual(b.featureImportances);
    expect(a.fidelityAccuracy).toBeGreaterThan(0.9);
  });
});
