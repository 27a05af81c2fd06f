import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { createSpecModel, type Model } from '../../models/index.js';
import { ModelEvaluator } from '../modelEvaluator.js';
import { bindScorer } from '../scorers.js';

describe('bindScorer(name, evaluator).score(x, y) for residual scores (r2, mse, rmse)', () => {
  let seed = 3;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return 2 * (seed / 2147483647) - 1;
  };
  const rows = 1001;
  const x = { rows, cols: 3, data: Float64Array.from({ length: 3 * rows }, rnd) };
  const model = createSpecModel({ type: 'linear', coef: [1.5, -0.3, 2], intercept: 0.1 });
  const y = Array.from({ length: rows }, () => 3 * rnd());

  for (const [scoring, metric, sign] of [
    ['r2', 'r2', 1],
    ['neg_mean_squared_error', 'mse', -1],
    ['neg_root_mean_squared_error', 'rmse', -1],
  ] as const) {
    it(`${scoring}: every call equals computeMetric('${metric}') bit for bit`, async () => {
      const scorer = bindScorer(scoring, new ModelEvaluator(model));
      const yPred = Array.from(await model.predict(x));
      const want = sign * (computeMetric(metric, { yTrue: y, yPred }).value as number);
      // the first call validates through computeMetric, the later ones take the one-pass sum
      for (let k = 0; k < 3; k++) expect(await scorer.score(x, y)).toBe(want);
      const half = y.slice(0, 500);
      const xHalf = { rows: 500, cols: 3, data: x.data.slice(0, 1500) };
      const wantHalf =
        sign * (computeMetric(metric, { yTrue: half, yPred: yPred.slice(0, 500) }).value as number);
      expect(await scorer.score(xHalf, half)).toBe(wantHalf);
    });
  }

  it('r2 of a constant y keeps forceFinite: 0 (imperfect) or NaN/−∞ without it', async () => {
    const constant = Array.from({ length: rows }, () => 2);
    for (const forceFinite of [true, false]) {
      const scorer = bindScorer('r2', new ModelEvaluator(model), { forceFinite });
      const yPred = Array.from(await model.predict(x));
      const want = computeMetric('r2', { yTrue: constant, yPred }, { forceFinite }).value;
      await scorer.score(x, constant);
      expect(await scorer.score(x, constant)).toBe(want);
    }
  });

  it('a non-finite prediction after the first call still throws the metric error', async () => {
    let calls = 0;
    const flaky: Model = {
      ...model,
      predict: (m) => {
        const out = new Float64Array(m.rows).fill(1);
        if (calls++ > 0) out[7] = Number.NaN;
        return out;
      },
    };
    const scorer = bindScorer('r2', new ModelEvaluator(flaky));
    await scorer.score(x, y);
    await expect(scorer.score(x, y)).rejects.toThrow(InvalidInputError);
    await expect(scorer.score(x, y)).rejects.toThrow(/yPred\[7\] is NaN/);
  });
});
