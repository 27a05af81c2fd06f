/**
 * The linear learner against scikit-learn 1.2.1 on generated data:
 * `reference/automl_linear.json` (scripts/reference/automl_linear.py) holds, per case, the data,
 * C, and what `Ridge(alpha=1/C, solver='cholesky')` or `LogisticRegression(C, solver='lbfgs',
 * tol=1e-10)` gives: `coef_` and `predict` / `predict_proba` on the training rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { learners, reviveLearner } from '../learners/index.js';
import { linearLearner } from '../learners/linear.js';
import type { AutoMlTask } from '../learners/types.js';

interface Case {
  name: string;
  task: AutoMlTask;
  nClasses: number;
  rows: number;
  cols: number;
  x: number[];
  y: number[];
  sampleWeight: number[] | null;
  C: number;
  coef: number[];
  predictions: number[];
  newtonPredictions: number[] | null;
}

const { cases } = JSON.parse(
  readFileSync(new URL('./reference/automl_linear.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('linearLearner.fit equals scikit-learn', () => {
  for (const c of cases) {
    it(`${c.name}: coefficients and predictions`, async () => {
      const fitted = await linearLearner.fit(
        {
          x: Float64Array.from(c.x),
          rows: c.rows,
          cols: c.cols,
          y: Float64Array.from(c.y),
          task: c.task,
          nClasses: c.nClasses,
          ...(c.sampleWeight ? { sampleWeight: Float64Array.from(c.sampleWeight) } : {}),
        },
        { C: c.C },
        { seed: 0 },
      );
      const predictions = fitted.predict(Float64Array.from(c.x), c.rows);
      expect(predictions.length).toBe(c.predictions.length);
      const exact = c.newtonPredictions;
      predictions.forEach((p, i) => {
        if (exact === null) {
          expect(p).toBeCloseTo(c.predictions[i] as number, 9);
        } else {
          expect(Math.abs(p - (c.predictions[i] as number))).toBeLessThan(5e-5);
          expect(Math.abs(p - (exact[i] as number))).toBeLessThan(5e-6);
        }
      });
      const { coef } = (fitted as unknown as { coefficients(): { coef: number[] } }).coefficients();
      coef.forEach((w, i) => {
        expect(w).toBeCloseTo(c.coef[i] as number, exact === null ? 9 : 3);
      });
      // The stored form predicts bit for bit the same.
      const revived = reviveLearner(JSON.parse(JSON.stringify(fitted.toJSON())));
      expect(Array.from(revived.predict(Float64Array.from(c.x), c.rows))).toEqual(
        Array.from(predictions),
      );
    });
  }
});

describe('the learner registry', () => {
  it('has the linear family and refuses an unknown one', () => {
    expect(learners.linear).toBe(linearLearner);
    expect(() =>
      reviveLearner({
        family: 'nope' as never,
        version: 1,
        task: 'binary',
        nClasses: 2,
        cols: 1,
        hyperparameters: {},
        state: {},
      }),
    ).toThrow(/unknown learner family "nope"/);
  });

  it('refuses a malformed linear state', () => {
    expect(() =>
      reviveLearner({
        family: 'linear',
        version: 1,
        task: 'binary',
        nClasses: 2,
        cols: 2,
        hyperparameters: { C: 1 },
        state: { coef: [1], intercept: [0] },
      }),
    ).toThrow(/1 × 2 finite coefficients/);
  });

  it('refuses C ≤ 0', async () => {
    const train = {
      x: Float64Array.from([0, 1]),
      rows: 2,
      cols: 1,
      y: Float64Array.from([0, 1]),
      task: 'binary' as const,
      nClasses: 2,
    };
    await expect(linearLearner.fit(train, { C: 0 }, { seed: 0 })).rejects.toThrow(/C is 0/);
  });
});
