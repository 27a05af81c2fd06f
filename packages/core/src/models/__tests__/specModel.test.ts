import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel } from '../specModel.js';

const m = (rows: number[][]) => ({
  rows: rows.length,
  cols: (rows[0] as number[]).length,
  data: Float64Array.from(rows.flat()),
});

describe('createSpecModel(spec)', () => {
  it('linear: x·coef + b', async () => {
    const model = createSpecModel({ type: 'linear', coef: [2, -1], intercept: 0.5 });
    expect(
      Array.from(
        await model.predict(
          m([
            [1, 1],
            [0, 3],
          ]),
        ),
      ),
    ).toEqual([1.5, -2.5]);
    expect(model.output).toEqual({ kind: 'regression', nOutputs: 1 });
  });

  it('logistic: σ(x·coef + b), class 1 iff the margin is > 0 (sklearn LogisticRegression.predict)', async () => {
    const model = createSpecModel({
      type: 'logistic',
      coef: [1],
      intercept: 0,
      classes: ['no', 'yes'],
    });
    const p = await model.predict(m([[0], [2]]));
    expect(p[0]).toBe(0.5);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(await model.predictClasses?.(m([[0], [1e-300], [-1]]))).toEqual(['no', 'yes', 'no']);
  });

  it('mlp: h ← act(h·W + b) per layer, output column 0', async () => {
    const model = createSpecModel({
      type: 'mlp',
      layers: [
        {
          weights: [
            [1, -1],
            [2, 0.5],
          ],
          bias: [0, 1],
          activation: 'relu',
        },
        {
          weights: [
            [1, 3],
            [-1, 0],
          ],
          bias: [0.5, 9],
          activation: 'linear',
        },
      ],
    });
    // h1 = relu([1·1 + 1·2, −1 + 0.5 + 1]) = [3, 0.5]; out0 = 3 − 0.5 + 0.5 = 3
    expect(Array.from(await model.predict(m([[1, 1]])))).toEqual([3]);
  });

  it('rejects layers that do not chain and unknown activations, naming the path', () => {
    expect(() =>
      createSpecModel({
        type: 'mlp',
        layers: [
          { weights: [[1, 1]], bias: [0, 0], activation: 'relu' },
          { weights: [[1]], bias: [0], activation: 'linear' },
        ],
      }),
    ).toThrow(/layer 1 has 1 weight rows but its input has 2 units/);
    expect(() =>
      createSpecModel({
        type: 'mlp',
        layers: [{ weights: [[1]], bias: [0], activation: 'softplus' as 'relu' }],
      }),
    ).toThrow(InvalidInputError);
  });

  it('checks the number of features of the data', async () => {
    const model = createSpecModel({ type: 'linear', coef: [1, 2, 3] });
    expect(() => model.predict(m([[1, 2]]))).toThrow(/expects 3 features but the data has 2/);
  });

  it('mlp: the tiled kernels equal the plain formula for odd rows and widths (5 rows, 3-7-5-1)', async () => {
    const sizes = [3, 7, 5, 1];
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const layers = sizes.slice(1).map((nOut, l) => ({
      weights: Array.from({ length: sizes[l] as number }, () => Array.from({ length: nOut }, rnd)),
      bias: Array.from({ length: nOut }, rnd),
      activation: (l === 2 ? 'linear' : 'tanh') as 'linear' | 'tanh',
    }));
    const rows = Array.from({ length: 5 }, () => Array.from({ length: 3 }, rnd));
    const got = await createSpecModel({ type: 'mlp', layers }).predict(m(rows));
    rows.forEach((row, r) => {
      let h = row;
      for (const layer of layers) {
        h = layer.bias.map((bk, k) => {
          const z = h.reduce((s, v, i) => s + v * (layer.weights[i]?.[k] as number), bk);
          return layer.activation === 'tanh' ? Math.tanh(z) : z;
        });
      }
      expect(got[r]).toBeCloseTo(h[0] as number, 14);
    });
  });
});
